package dev.lamina.builder;

import dev.lamina.builder.context.BuildContext;
import dev.lamina.image.Platform;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One build: the Dockerfile (its bytes, and the name errors give it), the context, and the options of
 * {@code lamina build}.
 *
 * @param dockerfileName how messages name the Dockerfile ({@code Dockerfile}, {@code docker/app.Dockerfile})
 * @param dockerfile its content
 * @param buildArgs {@code --build-arg} values
 * @param target the stage to build ({@code --target}); the last one when empty
 * @param platform {@code --platform}: the target platform; this machine's when empty
 * @param labels {@code --label}s, set on the result over what the Dockerfile sets
 * @param noCache build every step, looking nothing up in the cache (results are still recorded)
 * @param sourceDateEpoch reproducible output: every new time (history, config, files written) is this one, or
 *     earlier
 * @param run options carried to RUN steps
 */
public record BuildRequest(String dockerfileName, byte[] dockerfile, BuildContext context, Map<String, String> buildArgs,
        Optional<String> target, Optional<Platform> platform, Map<String, String> labels, boolean noCache,
        Optional<Instant> sourceDateEpoch, RunOptions run) {
    public BuildRequest {
        dockerfile = dockerfile.clone();
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /**
     * A source date epoch as written ({@code SOURCE_DATE_EPOCH}, {@code --source-date-epoch}): whole seconds since
     * 1970.
     *
     * @throws IllegalArgumentException naming the value when it is not that
     */
    public static Instant parseEpoch(String seconds) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(seconds.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid SOURCE_DATE_EPOCH \"" + seconds
                    + "\": expected seconds since 1970");
        }
    }

    /** A build of {@code dockerfile} in {@code context} with default options. */
    public static BuildRequest of(String dockerfileName, byte[] dockerfile, BuildContext context) {
        return new BuildRequest(dockerfileName, dockerfile, context, Map.of(), Optional.empty(), Optional.empty(),
                Map.of(), false, Optional.empty(), RunOptions.defaults());
    }

    public BuildRequest withBuildArgs(Map<String, String> value) {
        return new BuildRequest(dockerfileName, dockerfile, context, value, target, platform, labels, noCache,
                sourceDateEpoch, run);
    }

    public BuildRequest withTarget(Optional<String> value) {
        return new BuildRequest(dockerfileName, dockerfile, context, buildArgs, value, platform, labels, noCache,
                sourceDateEpoch, run);
    }

    public BuildRequest withPlatform(Optional<Platform> value) {
        return new BuildRequest(dockerfileName, dockerfile, context, buildArgs, target, value, labels, noCache,
                sourceDateEpoch, run);
    }

    public BuildRequest withLabels(Map<String, String> value) {
        return new BuildRequest(dockerfileName, dockerfile, context, buildArgs, target, platform, value, noCache,
                sourceDateEpoch, run);
    }

    public BuildRequest withNoCache(boolean value) {
        return new BuildRequest(dockerfileName, dockerfile, context, buildArgs, target, platform, labels, value,
                sourceDateEpoch, run);
    }

    public BuildRequest withSourceDateEpoch(Optional<Instant> value) {
        return new BuildRequest(dockerfileName, dockerfile, context, buildArgs, target, platform, labels, noCache,
                value, run);
    }

    public BuildRequest withRun(RunOptions value) {
        return new BuildRequest(dockerfileName, dockerfile, context, buildArgs, target, platform, labels, noCache,
                sourceDateEpoch, value);
    }
}
