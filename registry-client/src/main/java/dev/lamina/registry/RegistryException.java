package dev.lamina.registry;

import dev.lamina.image.LaminaException;
import java.util.Optional;

/**
 * A registry refused a request. The message is one line naming the registry's error code, its message and
 * the reference concerned, as {@code MANIFEST_UNKNOWN: manifest unknown: localhost:5000/app:2}.
 */
public class RegistryException extends LaminaException {
    private final int status;
    private final Optional<String> code;

    public RegistryException(int status, Optional<String> code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, or 0 when the failure was not an HTTP answer. */
    public int status() {
        return status;
    }

    /** The registry's error code ({@code MANIFEST_UNKNOWN}, {@code DENIED}…) when it gave one. */
    public Optional<String> code() {
        return code;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    public boolean isUnauthorized() {
        return status == 401 || status == 403;
    }
}
