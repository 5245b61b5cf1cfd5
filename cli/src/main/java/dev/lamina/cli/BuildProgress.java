package dev.lamina.cli;

import dev.lamina.builder.BuildListener;
import dev.lamina.builder.BuildStep;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Build progress on stderr, one line per step when it ends: {@code [builder 2/4] COPY src/ /app  DONE 0.3s}, or
 * {@code CACHED}; a step that ran although it had run before says why, {@code (src/Main.java changed since the last
 * build)}. Warnings as {@code lamina: warning: …}. Nothing but warnings in quiet mode.
 */
final class BuildProgress implements BuildListener {
    private final PrintStream err;
    private final boolean quiet;

    BuildProgress(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public void stepFinished(BuildStep step, Status status, Duration took, Optional<String> why) {
        if (quiet) {
            return;
        }
        String outcome = status == Status.CACHED ? "CACHED"
                : "DONE " + String.format(Locale.ROOT, "%.1fs", took.toNanos() / 1e9);
        err.println(step + "  " + outcome + why.map(w -> "  (" + w + ")").orElse(""));
    }

    @Override
    public OutputStream output(BuildStep step) {
        return quiet ? OutputStream.nullOutputStream() : err;
    }

    @Override
    public void warning(String message) {
        err.println("lamina: warning: " + message);
    }

    void info(String message) {
        if (!quiet) {
            err.println(message);
        }
    }
}
