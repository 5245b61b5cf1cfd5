package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Resource limits for one command ({@code --memory}, {@code --cpus}, {@code --pids-limit}). Memory is a hard
 * limit without swap on top: a step that needs more is killed and reported as out of memory.
 */
public record Limits(OptionalLong memoryBytes, OptionalDouble cpus, OptionalLong pids) {
    public static final Limits NONE = new Limits(OptionalLong.empty(), OptionalDouble.empty(), OptionalLong.empty());

    public Limits {
        if (memoryBytes.isPresent() && memoryBytes.getAsLong() < 4096) {
            throw new LaminaException("--memory must be at least 4096 bytes, not " + memoryBytes.getAsLong());
        }
        if (cpus.isPresent() && !(cpus.getAsDouble() >= 0.01)) {
            throw new LaminaException("--cpus must be at least 0.01, not " + cpus.getAsDouble());
        }
        if (pids.isPresent() && pids.getAsLong() < 1) {
            throw new LaminaException("--pids-limit must be at least 1, not " + pids.getAsLong());
        }
    }

    public boolean any() {
        return memoryBytes.isPresent() || cpus.isPresent() || pids.isPresent();
    }

    public Limits withMemory(long bytes) {
        return new Limits(OptionalLong.of(bytes), cpus, pids);
    }

    public Limits withCpus(double count) {
        return new Limits(memoryBytes, OptionalDouble.of(count), pids);
    }

    public Limits withPids(long count) {
        return new Limits(memoryBytes, cpus, OptionalLong.of(count));
    }
}
