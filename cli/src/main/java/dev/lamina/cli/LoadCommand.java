package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.tarball.ArchiveSources;
import dev.lamina.tarball.archive.ArchiveContents;
import dev.lamina.tarball.archive.ImageArchives;
import dev.lamina.tarball.archive.StoreSpool;
import dev.lamina.tarball.oci.LayoutNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "load", description = "Load every image of a docker-archive or oci-archive (detected; gzip, zstd, xz"
        + " or bzip2 compressed too) into the store; from stdin unless -i is given.")
final class LoadCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;


    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Read FILE instead of stdin.")
    String input;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Console console = lamina.console();
        Store store = lamina.store();
        // From a pipe, large members go straight into the store, where the copy then finds them.
        ArchiveContents archive = input == null
                ? ImageArchives.read(console.in(), new StoreSpool(store), "stdin")
                : ImageArchives.open(console.path(input), new StoreSpool(store), input);
        List<String> loaded = new ArrayList<>();
        CopyOptions options = CopyOptions.defaults().withListener(TransferProgress.on(console, quiet, TransferProgress.Verbs.COPY));
        try (ImageSource source = ArchiveSources.detect(archive);
                StoreDestination destination = new StoreDestination(store)) {
            for (ImageSource.NamedImage image : source.images()) {
                Set<String> names = new LinkedHashSet<>();
                for (String name : image.names()) {
                    LayoutNames.asReference(name).map(ImageReference::toString).ifPresent(names::add);
                }
                Descriptor result = ImageCopier.copy(source, image.descriptor(), destination,
                        options.withTags(List.copyOf(names))).topLevel();
                if (names.isEmpty()) {
                    destination.keepUnnamed(result);
                    loaded.add("Loaded image ID: " + new Catalog(store).imageId(result));
                } else {
                    names.forEach(n -> loaded.add("Loaded image: " + familiar(n)));
                }
            }
            destination.commit();
        }
        loaded.forEach(console.out()::println);
        return Lamina.OK;
    }

    private static String familiar(String name) {
        try {
            return ImageReference.parse(name).familiar();
        } catch (LaminaException e) {
            return name;
        }
    }
}
