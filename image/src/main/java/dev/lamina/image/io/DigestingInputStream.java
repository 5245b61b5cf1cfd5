package dev.lamina.image.io;

import dev.lamina.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts and hashes what is read through it (for example the diffID while a layer is decompressed). */
public final class DigestingInputStream extends FilterInputStream {
    private final StreamHash hash;
    private byte[] skipBuffer;

    public DigestingInputStream(InputStream in) {
        super(in);
        this.hash = StreamHash.sha256();
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            hash.update(b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            hash.update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be hashed. One buffer for all skips: a layer's reader skips every file it
        // does not read, and a buffer each time made 8 KiB of garbage per file.
        if (skipBuffer == null) {
            skipBuffer = new byte[65536];
        }
        byte[] buffer = skipBuffer;
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    public long count() {
        return hash.count();
    }

    /** The digest of everything read so far; call once, after the end of the stream. */
    public Digest digest() {
        return Digest.ofSha256(hash.finish());
    }
}
