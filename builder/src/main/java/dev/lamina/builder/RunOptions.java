package dev.lamina.builder;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the build command line says about RUN steps, carried unchanged to {@link RunStepExecutor}: the default
 * network ({@code host} or {@code none}; a step's {@code RUN --network} overrides it), the resource limits, and the
 * secrets ({@code --secret id=ID,src=FILE}) that {@code RUN --mount=type=secret} may mount.
 *
 * @param memoryBytes {@code --memory}, in bytes
 * @param cpus {@code --cpus}, fractional cores
 * @param pidsLimit {@code --pids-limit}
 * @param secrets the secret files by id; never written to a layer, the history or the config
 */
public record RunOptions(String network, Optional<Long> memoryBytes, Optional<Double> cpus, Optional<Long> pidsLimit,
        Map<String, Path> secrets) {
    public RunOptions {
        if (!network.equals("host") && !network.equals("none")) {
            throw new IllegalArgumentException("network must be host or none: " + network);
        }
        secrets = java.util.Collections.unmodifiableMap(new TreeMap<>(secrets));
    }

    /** Host network, no limits, no secrets. */
    public static RunOptions defaults() {
        return new RunOptions("host", Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }
}
