package dev.lamina.tarball.tar;

import java.io.IOException;

/**
 * The bytes are not a tar lamina accepts: a bad checksum, a truncated header or content, an impossible size,
 * an unsupported entry type. An {@link IOException} because it surfaces from stream reads; the message names
 * the entry and the offset where it was found.
 */
public final class TarFormatException extends IOException {
    public TarFormatException(String message) {
        super(message);
    }
}
