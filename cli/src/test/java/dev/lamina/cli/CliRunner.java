package dev.lamina.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs lamina in-process against a store of the test's own, capturing what it prints. */
final class CliRunner {
    private final Path root;
    private final Path workingDirectory;
    private final Map<String, String> env = new HashMap<>(System.getenv());

    CliRunner(Path root, Path workingDirectory) {
        this.root = root;
        this.workingDirectory = workingDirectory;
        env.put("LAMINA_ROOT", root.toString());
    }

    /** What one run printed and returned. */
    record Result(int code, String out, String err, byte[] rawOut) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    Result run(String... args) {
        return run(new ByteArrayInputStream(new byte[0]), args);
    }

    Result run(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, workingDirectory, false);
        int code = Lamina.execute(args, console);
        byte[] raw = out.toByteArray();
        return new Result(code, new String(raw, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), raw);
    }

    CliRunner env(String key, String value) {
        env.put(key, value);
        return this;
    }

    Path root() {
        return root;
    }
}
