package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.registry.RegistrySource;
import dev.lamina.registry.StoreMountSources;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "pull", description = "Pull an image from a registry into the store.")
final class PullCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Mixin
    TlsVerifyOption tls;

    @ArgGroup(exclusive = true)
    PlatformChoice platforms = new PlatformChoice();

    /** One platform (the host's unless named) or all of them. */
    static final class PlatformChoice {
        @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
                description = "The platform to pull from a multi-platform image (default: this machine's).")
        String platform;

        @Option(names = {"-a", "--all-platforms"}, description = "Pull every platform of a multi-platform image.")
        boolean all;
    }

    @Option(names = {"-q", "--quiet"}, description = "No progress; print only the reference.")
    boolean quiet;

    @Parameters(paramLabel = "REF", description = "The image: NAME[:TAG|@DIGEST], optionally docker://NAME…")
    String reference;

    @Override
    public Integer call() throws IOException {
        ImageReference ref = Registries.reference(reference);
        Optional<Platform> platform = platforms.all ? Optional.empty()
                : Optional.of(platforms.platform == null ? Platform.host() : Platform.parse(platforms.platform));
        Store store = lamina.store();
        StoreMountSources sources = new StoreMountSources(store);
        CopyOptions options = CopyOptions.defaults().withPlatform(platform)
                .withTags(List.of(ref.toString()))
                .withListener(sources.recording(ref, TransferProgress.on(lamina.console(), quiet,
                        TransferProgress.Verbs.PULL)));
        ImageCopier.CopyResult result;
        Descriptor resolved;
        try (RegistrySource source = lamina.registries().client(tls.tlsVerify).source(ref);
             StoreDestination destination = new StoreDestination(store)) {
            resolved = source.resolve(Optional.empty());
            result = ImageCopier.copy(source, resolved, destination, options);
            destination.commit();
        }
        if (!quiet) {
            lamina.console().err().println("Digest: " + resolved.digest());
            lamina.console().err().println(result.blobsCopied() == 0 ? "Status: Image is up to date for " + ref
                    : "Status: Downloaded newer image for " + ref);
        }
        lamina.console().out().println(ref);
        return Lamina.OK;
    }
}
