package dev.lamina.builder.testing;

import dev.lamina.image.testing.ProjectRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One directory of {@code testdata/builds/}: a Dockerfile, its {@code context/}, {@code expected.txt}, and optional
 * {@code build.properties}: {@code target}, {@code build-arg.NAME}, and {@code same-as} (another case whose Dockerfile
 * and context this one builds, with its own options).
 */
public record BuildCase(String name, Path directory, String dockerfile, Path context, Map<String, String> buildArgs,
        Optional<String> target) {

    public static List<BuildCase> all() {
        try (Stream<Path> cases = Files.list(root())) {
            return cases.sorted().map(BuildCase::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BuildCase named(String name) {
        return read(root().resolve(name));
    }

    public Path expected() {
        return directory.resolve("expected.txt");
    }

    private static Path root() {
        return ProjectRoot.get().resolve("testdata/builds");
    }

    private static BuildCase read(Path directory) {
        Properties options = new Properties();
        Path file = directory.resolve("build.properties");
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    options.load(in);
                }
            }
            Path source = Optional.ofNullable(options.getProperty("same-as")).map(directory::resolveSibling)
                    .orElse(directory);
            Map<String, String> args = new TreeMap<>();
            options.stringPropertyNames().stream().filter(k -> k.startsWith("build-arg."))
                    .forEach(k -> args.put(k.substring("build-arg.".length()), options.getProperty(k)));
            // git keeps no empty directory: a case whose context is empty has none in a fresh checkout
            Path context = source.resolve("context");
            if (!Files.isDirectory(context)) {
                context = Files.createTempDirectory("lamina-empty-context");
                context.toFile().deleteOnExit();
            }
            return new BuildCase(directory.getFileName().toString(), directory,
                    Files.readString(source.resolve("Dockerfile")), context, args,
                    Optional.ofNullable(options.getProperty("target")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
