package dev.lamina.image.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of an image config's {@code config} object: what a container started from the image
 * gets. Edits go through {@link ImageConfig#edit}, which works on the JSON tree so unknown fields survive.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerConfig(
        @JsonProperty("User") String user,
        @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Volumes") Map<String, Object> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("Healthcheck") Healthcheck healthcheck,
        @JsonProperty("Shell") List<String> shell,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("ArgsEscaped") boolean argsEscaped) {

    public ContainerConfig {
        user = user == null ? "" : user;
        exposedPorts = exposedPorts == null ? Map.of() : exposedPorts;
        env = env == null ? List.of() : env;
        volumes = volumes == null ? Map.of() : volumes;
        workingDir = workingDir == null ? "" : workingDir;
        labels = labels == null ? Map.of() : labels;
        stopSignal = stopSignal == null ? "" : stopSignal;
        onBuild = onBuild == null ? List.of() : onBuild;
    }

    /** Docker's health check: {@code Test} is {@code ["NONE"]}, {@code ["CMD", …]} or {@code ["CMD-SHELL", cmd]}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Healthcheck(
            @JsonProperty("Test") List<String> test,
            @JsonProperty("Interval") long interval,
            @JsonProperty("Timeout") long timeout,
            @JsonProperty("StartPeriod") long startPeriod,
            @JsonProperty("StartInterval") long startInterval,
            @JsonProperty("Retries") int retries) {
    }
}
