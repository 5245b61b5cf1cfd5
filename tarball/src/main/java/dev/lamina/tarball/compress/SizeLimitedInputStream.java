package dev.lamina.tarball.compress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails once more than a limit has been read: the guard against decompression bombs, placed on the
 * decompressed side so that a small blob cannot expand without bound.
 */
public final class SizeLimitedInputStream extends FilterInputStream {
    private final long limit;
    private final String what;
    private long count;

    public SizeLimitedInputStream(InputStream in, long limit, String what) {
        super(in);
        this.limit = limit;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        if (skipped > 0) {
            counted(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    public long count() {
        return count;
    }

    private void counted(long n) throws IOException {
        count += n;
        if (count > limit) {
            throw new LimitExceededException(what + ": decompressed size exceeds the limit of " + limit
                    + " bytes (a decompression bomb, or raise the limit)");
        }
    }

    /** The limit was passed. */
    public static final class LimitExceededException extends IOException {
        public LimitExceededException(String message) {
            super(message);
        }
    }
}
