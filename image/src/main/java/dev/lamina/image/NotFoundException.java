package dev.lamina.image;

/** Something asked for by name or digest does not exist where it was looked for. */
public class NotFoundException extends LaminaException {
    public NotFoundException(String message) {
        super(message);
    }
}
