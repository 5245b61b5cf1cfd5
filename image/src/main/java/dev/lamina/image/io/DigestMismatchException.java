package dev.lamina.image.io;

import java.io.IOException;

/**
 * Content did not match the digest or size it was announced with. An {@link IOException} because it
 * surfaces from stream reads; it is never retried as a transient failure.
 */
public final class DigestMismatchException extends IOException {
    public DigestMismatchException(String message) {
        super(message);
    }
}
