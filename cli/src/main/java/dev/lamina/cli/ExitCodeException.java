package dev.lamina.cli;

import dev.lamina.image.LaminaException;

/** A failure that must end lamina with a particular exit code (for example a CI gate that is not met). */
public final class ExitCodeException extends LaminaException {
    private final int code;

    public ExitCodeException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
