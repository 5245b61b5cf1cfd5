package dev.lamina.builder;

import dev.lamina.image.LaminaException;

/**
 * A build that cannot go on, in one line naming the place: {@code Dockerfile:12: COPY: no such file in the build
 * context: app.jar}. A failed build names no image and leaves the store valid.
 */
public class BuildException extends LaminaException {
    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
