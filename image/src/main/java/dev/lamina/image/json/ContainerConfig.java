package dev.lamina.image.json;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only view of an image config's {@code config} object: what a container started from the image gets.
 * Edits go through {@link ImageConfig#edit}, which works on the JSON tree so unknown fields survive. Lists that Go
 * leaves {@code nil} when unset ({@code Entrypoint}, {@code Cmd}, {@code Shell}) are {@code null} here when absent,
 * because an empty one means something else (an explicit {@code ENTRYPOINT []}).
 */
public record ContainerConfig(
        String user,
        Set<String> exposedPorts,
        List<String> env,
        List<String> entrypoint,
        List<String> cmd,
        Set<String> volumes,
        String workingDir,
        Map<String, String> labels,
        String stopSignal,
        Healthcheck healthcheck,
        List<String> shell,
        List<String> onBuild,
        boolean argsEscaped) {

    /** Reads the {@code config} object; members it has no field for are ignored. */
    public static ContainerConfig fromJson(JsonFields json) {
        return new ContainerConfig(json.text("User"), keys(json, "ExposedPorts"), json.texts("Env"),
                json.optionalTexts("Entrypoint").orElse(null), json.optionalTexts("Cmd").orElse(null),
                keys(json, "Volumes"), json.text("WorkingDir"), json.textMap("Labels"), json.text("StopSignal"),
                json.object("Healthcheck").map(Healthcheck::fromJson).orElse(null),
                json.optionalTexts("Shell").orElse(null), json.texts("OnBuild"), json.bool("ArgsEscaped"));
    }

    /** Docker's sets are objects of empty objects ({@code {"80/tcp": {}}}): their keys, in order. */
    private static Set<String> keys(JsonFields json, String name) {
        return json.object(name).map(set -> Collections.unmodifiableSet(new LinkedHashSet<>(set.others(Set.of()).keySet())))
                .orElse(Set.of());
    }

    /** Docker's health check: {@code Test} is {@code ["NONE"]}, {@code ["CMD", …]} or {@code ["CMD-SHELL", cmd]}. */
    public record Healthcheck(List<String> test, long interval, long timeout, long startPeriod, long startInterval,
            int retries) {
        static Healthcheck fromJson(JsonFields json) {
            return new Healthcheck(json.texts("Test"), json.integer("Interval"), json.integer("Timeout"),
                    json.integer("StartPeriod"), json.integer("StartInterval"), json.int32("Retries"));
        }
    }
}
