package dev.lamina.image.io;

import dev.lamina.image.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts and hashes what passes through on its way to the wrapped stream, so that a blob's digest and
 * size are known the moment it has been written, without reading it back.
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private final StreamHash hash;

    public DigestingOutputStream(OutputStream out) {
        super(out);
        this.hash = StreamHash.sha256();
    }

    /** A stream that only hashes and counts (the bytes go nowhere). */
    public static DigestingOutputStream sink() {
        return new DigestingOutputStream(OutputStream.nullOutputStream());
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        hash.update(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        hash.update(b, off, len);
    }

    public long count() {
        return hash.count();
    }

    /** The digest of everything written so far; call once, after the last write. */
    public Digest digest() {
        return Digest.ofSha256(hash.finish());
    }
}
