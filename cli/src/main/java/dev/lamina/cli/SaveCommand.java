package dev.lamina.cli;

import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.store.Catalog;
import dev.lamina.tarball.archive.ArchiveOutput;
import dev.lamina.tarball.docker.DockerArchiveDestination;
import dev.lamina.tarball.oci.OciArchiveDestination;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "save", description = "Write images to a docker-archive (default) or an oci-archive; to stdout"
        + " unless -o is given.")
final class SaveCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;


    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    String output;

    @Option(names = "--format", paramLabel = "docker|oci", defaultValue = "docker",
            description = "docker: what docker save writes (default); oci: an OCI image layout in a tar.")
    String format;

    @Option(names = "--platform", paramLabel = "OS/ARCH",
            description = "The platform to take from a multi-platform image (docker format; default: this machine's).")
    String platform;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Store references or IDs, or TRANSPORT:… locations.")
    List<String> images;

    @Override
    public Integer call() throws IOException {
        boolean docker = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "docker", "docker-archive" -> true;
            case "oci", "oci-archive" -> false;
            default -> throw new UsageException("unsupported --format \"" + format + "\": docker or oci");
        };
        Console console = lamina.console();
        if (output == null && console.interactive()) {
            throw new UsageException("refusing to write an archive to a terminal: use -o FILE or redirect stdout");
        }
        ArchiveOutput out = output == null ? ArchiveOutput.toStream(console.rawOut(), false)
                : ArchiveOutput.toFile(console.path(output));
        String description = (docker ? "docker-archive:" : "oci-archive:") + (output == null ? "stdout" : output);
        Path spool = output == null ? null : console.path(output).toAbsolutePath().getParent();
        CopyOptions options = CopyOptions.defaults()
                .withPlatform(Optional.ofNullable(platform).map(Platform::parse))
                .withListener(TransferProgress.on(console, quiet, TransferProgress.Verbs.COPY));
        try (ImageDestination destination = docker ? DockerArchiveDestination.open(out, description, spool)
                : OciArchiveDestination.open(out, description)) {
            for (String text : images) {
                try (Endpoints.Opened opened = Endpoints.open(text, lamina)) {
                    ImageCopier.copy(opened.source(), opened.topLevel(), destination,
                            options.withTags(name(opened).map(List::of).orElse(List.of())));
                }
            }
            destination.commit();
        }
        return Lamina.OK;
    }

    /** The name an image is saved under: the reference it was asked by, unless it was asked by ID. */
    private Optional<String> name(Endpoints.Opened opened) {
        ImageLocation location = opened.location();
        if (location.name().isEmpty()) {
            return Optional.empty();
        }
        try {
            ImageReference reference = ImageReference.parse(location.name().get());
            if (location.isStore() && new Catalog(lamina.store()).find(reference).isEmpty()) {
                return Optional.empty(); // found by image ID, which names nothing
            }
            return Optional.of(reference.toString());
        } catch (LaminaException e) {
            return Optional.empty();
        }
    }
}
