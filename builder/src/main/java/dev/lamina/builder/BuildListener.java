package dev.lamina.builder;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/** What a build reports as it goes; the command line turns it into progress lines. */
public interface BuildListener {
    BuildListener NONE = new BuildListener() {
    };

    /** How a step ended. */
    enum Status {
        /** Its result came from the build cache. */
        CACHED,
        /** It ran. */
        DONE
    }

    default void stepStarted(BuildStep step) {
    }

    /**
     * A step ended. For a step that ran though it had run before, {@code why} says what changed since then
     * ({@code src/Main.java changed since the last build}).
     */
    default void stepFinished(BuildStep step, Status status, Duration took, Optional<String> why) {
    }

    /** Where a running step's output goes (RUN's stdout and stderr). */
    default OutputStream output(BuildStep step) {
        return OutputStream.nullOutputStream();
    }

    /** Something worth knowing that does not stop the build (an unused build argument, a Dockerfile check). */
    default void warning(String message) {
    }
}
