package dev.lamina.cli;

import dev.lamina.dockerfile.Dockerfile;
import dev.lamina.dockerfile.DockerfileException;
import dev.lamina.dockerfile.parser.RawParser;
import dev.lamina.image.LaminaException;
import dev.lamina.image.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "dockerfile", description = "Work with Dockerfiles.", subcommands = DockerfileCommand.Parse.class)
final class DockerfileCommand implements Runnable {
    @ParentCommand
    Lamina lamina;

    @Override
    public void run() {
        throw new UsageException("a subcommand is required: lamina dockerfile parse FILE");
    }

    /** {@code --format} of {@code dockerfile parse}. */
    enum Format {
        JSON, DUMP
    }

    @Command(name = "parse", description = {
        "Print the parsed Dockerfile, read exactly as BuildKit reads it.",
        "json: the typed stages and instructions with their locations and the build-check warnings;",
        "dump: BuildKit's parse-tree dump (its parser's golden-file format)."})
    static final class Parse implements Callable<Integer> {
        @ParentCommand
        DockerfileCommand parent;

        @Option(names = "--format", paramLabel = "json|dump", defaultValue = "json",
                description = "Output format (default: ${DEFAULT-VALUE}).")
        Format format;

        @Parameters(paramLabel = "FILE", description = "The Dockerfile.")
        String file;

        @Override
        public Integer call() throws IOException {
            Console console = parent.lamina.console();
            byte[] content = Files.readAllBytes(console.path(file));
            byte[] output;
            try {
                output = switch (format) {
                    case DUMP -> (RawParser.parse(file, content).dump() + "\n").getBytes(StandardCharsets.UTF_8);
                    case JSON -> json(Dockerfile.parse(file, content));
                };
            } catch (DockerfileException e) {
                throw new LaminaException(e.getMessage(), e);
            }
            console.rawOut().write(output);
            return Lamina.OK;
        }

        private static byte[] json(Dockerfile dockerfile) {
            byte[] pretty = Json.writePretty(DockerfileJson.of(dockerfile));
            byte[] out = new byte[pretty.length + 1];
            System.arraycopy(pretty, 0, out, 0, pretty.length);
            out[pretty.length] = '\n';
            return out;
        }
    }
}
