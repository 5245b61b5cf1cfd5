package dev.lamina.tarball.apply;

import java.io.IOException;

/**
 * A layer could not be applied; the message names the layer and the entry at fault in one line ({@code layer
 * sha256:…: entry "etc/x": …}). An {@link IOException} because it arises while a stream is read.
 */
public final class ApplyException extends IOException {
    public ApplyException(String message) {
        super(message);
    }

    public ApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
