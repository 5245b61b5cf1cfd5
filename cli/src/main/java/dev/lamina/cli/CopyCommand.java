package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.registry.MountSources;
import dev.lamina.registry.StoreMountSources;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "copy", description = "Copy an image from any transport to any transport.")
final class CopyCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;


    @Option(names = "--src-tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            paramLabel = "BOOL", description = "For a docker:// source: require verified HTTPS (default true).")
    boolean sourceTlsVerify = true;

    @Option(names = "--dest-tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            paramLabel = "BOOL", description = "For a docker:// destination: require verified HTTPS (default true).")
    boolean destinationTlsVerify = true;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Copy only this platform of a multi-platform image (default: all of them).")
    String platform;

    @Option(names = {"-q", "--quiet"}, description = "No progress.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "REF, store:REF, docker://REF, …")
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION", description = "REF, store:REF, docker://REF, …")
    String destination;

    @Override
    public Integer call() throws IOException {
        ImageLocation from = ImageLocation.parse(source);
        ImageLocation to = ImageLocation.parse(destination);
        CopyOptions options = CopyOptions.defaults()
                .withPlatform(Optional.ofNullable(platform).map(Platform::parse))
                .withTags(to.name().map(n -> to.isStore() ? ImageReference.parse(n).toString() : n)
                        .map(List::of).orElse(List.of()))
                .withListener(TransferProgress.on(lamina.console(), quiet, TransferProgress.Verbs.COPY));
        ImageCopier.CopyResult result;
        try (ImageSource in = Endpoints.source(from, lamina, sourceTlsVerify)) {
            Descriptor topLevel = in.resolve(from.name());
            try (ImageDestination out = Endpoints.destination(to, lamina, destinationTlsVerify, mountSources(from))) {
                result = ImageCopier.copy(in, topLevel, out, options);
                if (to.name().isEmpty() && out instanceof StoreDestination store) {
                    store.keepUnnamed(result.topLevel());
                }
                out.commit();
            }
        }
        if (!quiet) {
            lamina.console().err().println("Copied " + result.topLevel().digest() + " (" + result.blobsCopied()
                    + " blobs copied, " + result.blobsSkipped() + " already there)");
        }
        return Lamina.OK;
    }

    /** A registry destination may mount what the source repository (or the store's records) knows about. */
    private MountSources mountSources(ImageLocation from) {
        return switch (from.transport()) {
            case REGISTRY -> MountSources.repository(Registries.reference(from.name().orElseThrow()).name());
            case STORE -> new StoreMountSources(lamina.store());
            default -> MountSources.NONE;
        };
    }
}
