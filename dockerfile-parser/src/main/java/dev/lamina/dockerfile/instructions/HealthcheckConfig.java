package dev.lamina.dockerfile.instructions;

import java.time.Duration;
import java.util.List;

/**
 * The image config's healthcheck as BuildKit builds it: {@code test} is {@code ["NONE"]},
 * {@code ["CMD", exec args…]} or {@code ["CMD-SHELL", command]}; a zero duration or zero retries mean
 * "not set" (the runtime's default).
 */
public record HealthcheckConfig(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
        Duration startInterval, int retries) {
    public HealthcheckConfig {
        test = List.copyOf(test);
    }
}
