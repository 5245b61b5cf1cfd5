package dev.lamina.image;

/**
 * A failure a user can read: the message names what was being done and to what (a file, a reference,
 * a blob), in one line. Everything lamina reports to a user derives from this; anything else reaching
 * the command line is a bug and is shown with its type.
 */
public class LaminaException extends RuntimeException {
    public LaminaException(String message) {
        super(message);
    }

    public LaminaException(String message, Throwable cause) {
        super(message, cause);
    }
}
