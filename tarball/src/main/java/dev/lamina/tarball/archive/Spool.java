package dev.lamina.tarball.archive;

import dev.lamina.image.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where the large members of an archive that arrives as a stream are kept until they are copied: a temporary
 * directory, or the store itself when the archive is being loaded into it (then nothing is written twice:
 * the copy finds every blob already present). Content-addressed: what goes in is hashed on the way.
 */
public interface Spool extends Closeable {
    /** Keeps {@code content} (read to its end) and says what it was. */
    Spooled put(InputStream content) throws IOException;

    InputStream open(Digest digest) throws IOException;

    /** What was kept: its digest and size. */
    record Spooled(Digest digest, long size) {
    }
}
