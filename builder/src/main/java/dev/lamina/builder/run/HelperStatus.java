package dev.lamina.builder.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the helper's status file says: how the command ended, or why it never started, and when each phase
 * of the step happened (CLOCK_MONOTONIC nanoseconds, the clock of {@link System#nanoTime()}).
 */
record HelperStatus(Outcome outcome, List<Long> marks) {
    sealed interface Outcome {
    }

    record Exited(int code) implements Outcome {
    }

    record Signaled(int signal) implements Outcome {
    }

    record Failed(String message) implements Outcome {
    }

    /** The step was set up, but executing the command failed: 127 not found, 126 not executable. */
    record NotExecuted(int code, String message) implements Outcome {
    }

    static Optional<HelperStatus> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the helper's status " + file, e);
        }
    }

    static Optional<HelperStatus> parse(String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String first = lines.get(0);
        int space = first.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String value = first.substring(space + 1);
        Outcome outcome;
        try {
            outcome = switch (first.substring(0, space)) {
                case "exit" -> new Exited(Integer.parseInt(value));
                case "signal" -> new Signaled(Integer.parseInt(value));
                case "error" -> new Failed(value);
                case "noexec" -> {
                    int blank = value.indexOf(' ');
                    yield blank < 0 ? null
                            : new NotExecuted(Integer.parseInt(value.substring(0, blank)), value.substring(blank + 1));
                }
                default -> null;
            };
        } catch (NumberFormatException e) {
            outcome = null;
        }
        List<Long> marks = lines.stream().filter(l -> l.startsWith("timing "))
                .findFirst()
                .map(l -> Arrays.stream(l.substring(7).trim().split(" ")).map(Long::parseLong).toList())
                .orElse(List.of());
        return Optional.ofNullable(outcome).map(o -> new HelperStatus(o, marks));
    }
}
