package dev.lamina.tarball.io;

import dev.lamina.image.Digest;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 computed on a thread of its own, in order, over copies of what the caller hands it: a stream that
 * inflates and writes while it hashes keeps one core busy with each. A few chunks at most wait (the caller
 * blocks beyond that), so memory stays bounded.
 */
public final class BackgroundHash implements AutoCloseable {
    private static final int MAX_WAITING = 8;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lamina-hash");
        t.setDaemon(true);
        return t;
    });
    private final MessageDigest hasher = Digest.newSha256();
    private final Semaphore waiting = new Semaphore(MAX_WAITING);
    private long count;

    /** Hashes a copy of {@code len} bytes after everything handed over before. */
    public void update(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        byte[] copy = Arrays.copyOfRange(b, off, off + len);
        try {
            waiting.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
        count += len;
        thread.execute(() -> {
            hasher.update(copy);
            waiting.release();
        });
    }

    /** {@code in}, with everything read from it handed over to be hashed. */
    public InputStream tee(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return Streams.readByte(this);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    update(b, off, n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                if (n <= 0) {
                    return 0;
                }
                int r = read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192)); // skipped bytes count too
                return Math.max(r, 0);
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }

    /** {@code out}, with everything written to it handed over to be hashed. */
    public OutputStream tee(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                update(b, off, len);
            }
        };
    }

    /** Bytes handed over so far. */
    public long count() {
        return count;
    }

    /** Waits for the hashing to catch up and returns the digest of everything handed over; call once. */
    public Digest digest() throws IOException {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(1, TimeUnit.HOURS)) {
                throw new IOException("hashing did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
        return Digest.ofSha256(hasher.digest());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
