package dev.lamina.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of its surroundings: stdin, stdout (data for scripts), stderr (progress and
 * errors), the environment and the working directory. Tests give their own.
 */
public record Console(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workingDirectory,
        boolean interactive) {

    public static Console system() {
        return new Console(System.in,
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8),
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8),
                System.getenv(), Path.of("").toAbsolutePath(), System.console() != null);
    }

    /** The raw stdout, for binary output such as {@code save} without {@code -o}. */
    public OutputStream rawOut() {
        return out;
    }

    /** A path as the user typed it, resolved against the working directory. */
    /** The user's home: {@code $HOME} as shells and docker take it, else the account's. */
    public Path home() {
        String home = env.get("HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
    }

    public Path path(String text) {
        return workingDirectory.resolve(text).normalize();
    }
}
