package dev.lamina.cli;

import dev.lamina.image.ImageReference;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.store.StoreDestination;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "copy", description = "Copy an image from any transport to any transport (store, docker-archive:,"
        + " oci:, oci-archive:), digests verified on the way.")
final class CopyCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--platform", paramLabel = "OS/ARCH",
            description = "Copy only this platform's image from a multi-platform one (default: all, where the"
                    + " destination holds indexes).")
    String platform;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "Where the image is: REF, store:REF, docker-archive:PATH[:REF],"
            + " oci:DIR[:TAG], oci-archive:PATH[:TAG].")
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION", description = "Where it goes, in the same forms; the name"
            + " after the path (or the store reference) names the copy.")
    String destination;

    @Override
    public Integer call() throws IOException {
        ImageLocation target = ImageLocation.parse(destination);
        List<String> tags = target.name().map(n -> target.isStore() ? ImageReference.parse(n).toString() : n)
                .map(List::of).orElse(List.of());
        CopyOptions options = CopyOptions.defaults()
                .withPlatform(Optional.ofNullable(platform).map(Platform::parse))
                .withTags(tags)
                .withListener(new CopyProgress(lamina.console().err(), quiet));
        try (Endpoints.Opened opened = Endpoints.open(source, lamina);
                ImageDestination sink = Endpoints.destination(target, lamina)) {
            ImageCopier.CopyResult result = ImageCopier.copy(opened.source(), opened.topLevel(), sink, options);
            if (tags.isEmpty() && sink instanceof StoreDestination store) {
                store.keepUnnamed(result.topLevel());
            }
            sink.commit();
        }
        return Lamina.OK;
    }
}
