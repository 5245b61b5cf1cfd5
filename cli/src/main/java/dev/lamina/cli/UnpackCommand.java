package dev.lamina.cli;

import dev.lamina.image.LaminaException;
import dev.lamina.image.Platform;
import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.apply.ImageUnpacker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "unpack", description = "Apply an image's layers, in order, into DIR (its root filesystem), with the"
        + " safe applier the builder uses.")
final class UnpackCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;


    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to take from a multi-platform"
            + " image (default: this machine's).")
    String platform;

    @Option(names = "--max-layer-size", paramLabel = "BYTES", description = "Refuse a layer that decompresses to more"
            + " than this (default: 64 GiB).")
    Long maxLayerSize;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A store reference or ID, or TRANSPORT:….")
    String image;

    @Parameters(index = "1", paramLabel = "DIR", description = "An empty or absent directory.")
    String directory;

    @Override
    public Integer call() throws IOException {
        Console console = lamina.console();
        Path root = console.path(directory);
        if (Files.exists(root)) {
            if (!Files.isDirectory(root)) {
                throw new LaminaException(directory + " exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new LaminaException(directory + " is not empty: unpack into an empty or absent directory");
                }
            }
        }
        Files.createDirectories(root);
        ApplyOptions options = ApplyOptions.defaults(w -> console.err().println("lamina: warning: " + w));
        if (maxLayerSize != null) {
            options = options.withMaxLayerBytes(maxLayerSize);
        }
        try (Endpoints.Opened opened = Endpoints.open(image, lamina)) {
            new ImageUnpacker(options).unpack(opened.source(), opened.topLevel(),
                    platform == null ? Platform.host() : Platform.parse(platform), root, (index, count, layer) -> {
                        if (!quiet) {
                            console.err().println("Applying layer " + index + "/" + count + " "
                                    + layer.digest().shortHex() + " (" + Units.humanSize(layer.size()) + ")");
                        }
                    });
        }
        return Lamina.OK;
    }
}
