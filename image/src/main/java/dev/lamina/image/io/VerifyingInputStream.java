package dev.lamina.image.io;

import dev.lamina.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Passes a blob through while checking it against its descriptor: more bytes than the expected size fail
 * at once, and at the end of the stream a short size or a different digest fails with
 * {@link DigestMismatchException}. A consumer that writes the bytes somewhere must therefore commit them
 * only after reading to the end without an exception.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final String what;
    private final StreamHash hash;
    private boolean verified;
    private byte[] actual; // taken once: a caller may read past a failed end again

    /**
     * @param expectedSize the size the descriptor gives, or -1 when only the digest is known
     * @param what names the blob in error messages (for example a reference and a digest)
     */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
        this(in, expected, expectedSize, what, expected.newHasher(), 0);
    }

    private VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what,
            MessageDigest hasher, long alreadyRead) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.what = what;
        this.hash = new StreamHash(hasher, alreadyRead);
    }

    /**
     * Continues a verification after {@code alreadyRead} bytes were hashed into {@code hashSoFar}: a
     * download resumed with a range request goes on from where it broke, without re-reading the start.
     */
    public static VerifyingInputStream resuming(InputStream in, Digest expected, long expectedSize, String what,
            MessageDigest hashSoFar, long alreadyRead) {
        return new VerifyingInputStream(in, expected, expectedSize, what, hashSoFar, alreadyRead);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            verify();
        } else {
            hash.update(b);
            checkSize();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            verify();
        } else if (n > 0) {
            hash.update(b, off, n);
            checkSize();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
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

    /** Bytes passed through so far. */
    public long count() {
        return hash.count();
    }

    /** Reads whatever is left (so the check runs) and returns the verified byte count. */
    public long drain() throws IOException {
        byte[] buffer = new byte[65536];
        while (read(buffer, 0, buffer.length) >= 0) {
            // reading is the point
        }
        return hash.count();
    }

    private void checkSize() throws DigestMismatchException {
        if (expectedSize >= 0 && hash.count() > expectedSize) {
            throw new DigestMismatchException(what + ": size mismatch: more than the expected " + expectedSize
                    + " bytes");
        }
    }

    private void verify() throws DigestMismatchException {
        if (verified) {
            return;
        }
        if (expectedSize >= 0 && hash.count() != expectedSize) {
            throw new DigestMismatchException(what + ": size mismatch: expected " + expectedSize + " bytes, got "
                    + hash.count());
        }
        if (actual == null) {
            actual = hash.finish();
        }
        String hex = HexFormat.of().formatHex(actual);
        if (!hex.equals(expected.hex())) {
            throw new DigestMismatchException(what + ": digest mismatch: expected " + expected + ", got "
                    + expected.algorithm() + ":" + hex);
        }
        verified = true;
    }
}
