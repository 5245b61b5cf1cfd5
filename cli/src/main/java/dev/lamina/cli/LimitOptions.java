package dev.lamina.cli;

import dev.lamina.builder.run.Limits;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --memory}, {@code --cpus} and {@code --pids-limit} as docker takes them: for build's RUN steps and for run. */
final class LimitOptions {
    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE",
            description = "Memory limit (of each RUN step in a build): e.g. 64m, 2g; binary units.")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU limit, in cores (fractions allowed).")
    Double cpus;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Process limit.")
    Long pidsLimit;

    Optional<Long> memoryBytes() {
        return Optional.ofNullable(memory).map(LimitOptions::bytes);
    }

    Optional<Double> cpus() {
        if (cpus != null && !(cpus > 0)) {
            throw new UsageException("--cpus must be positive: " + cpus);
        }
        return Optional.ofNullable(cpus);
    }

    Optional<Long> pids() {
        if (pidsLimit != null && pidsLimit <= 0) {
            throw new UsageException("--pids-limit must be positive: " + pidsLimit);
        }
        return Optional.ofNullable(pidsLimit);
    }

    /** The limits for the runner, checked. */
    Limits limits() {
        Limits limits = Limits.NONE;
        limits = memoryBytes().map(limits::withMemory).orElse(limits);
        limits = cpus().map(limits::withCpus).orElse(limits);
        return pids().map(limits::withPids).orElse(limits);
    }

    /** Docker's memory sizes: a number with an optional b, k, m, g or t (and an optional i before b), binary units. */
    static long bytes(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ib")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = s.isEmpty() ? -1 : "kmgt".indexOf(s.charAt(s.length() - 1));
        if (shift >= 0) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long value = Long.parseLong(s);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(value, 1L << (10 * (shift + 1)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("invalid --memory \"" + text + "\": expected a size such as 64m or 2g");
        }
    }
}
