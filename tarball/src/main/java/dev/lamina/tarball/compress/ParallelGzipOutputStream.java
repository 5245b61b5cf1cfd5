package dev.lamina.tarball.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip on several cores, as pigz does it: the input is cut into fixed 128 KiB blocks, each compressed on its
 * own (primed with the previous block's last 32 KiB as dictionary, so the ratio stays close to a single
 * stream) and ended with a sync flush on a byte boundary; the blocks concatenate into one ordinary deflate
 * stream in one gzip member, which any gunzip reads. The CRC is computed on the writing thread.
 *
 * <p>The output depends only on the input and the level, never on the number of threads: one core and
 * sixteen give the same bytes, so a layer's digest is the same on every machine.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK_SIZE = 128 * 1024;
    private static final int DICTIONARY_SIZE = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final int level;
    private final int threads;
    private final CRC32 crc = new CRC32();
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Deflater> deflaters = new ConcurrentLinkedQueue<>();
    private ExecutorService pool;
    private byte[] block = new byte[BLOCK_SIZE];
    private int filled;
    private byte[] dictionary;
    private long total;
    private boolean closed;

    /**
     * @param level a {@link Deflater} level (-1 for the default, 6)
     * @param threads how many blocks to compress at once; 1 compresses on the calling thread
     */
    public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.out = out;
        this.level = level;
        this.threads = threads;
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        crc.update(b, off, len);
        total += len;
        while (len > 0) {
            int n = Math.min(len, BLOCK_SIZE - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == BLOCK_SIZE) {
                submit(false);
            }
        }
    }

    /** Writes out the blocks that are done; the current partial block stays until it is full or closed. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                out.write(await(inFlight.removeFirst()));
            }
            writeTrailer();
            out.close();
        } finally {
            closed = true;
            shutdown();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] data = block;
        int length = filled;
        byte[] dict = dictionary;
        dictionary = length >= DICTIONARY_SIZE ? Arrays.copyOfRange(data, length - DICTIONARY_SIZE, length)
                : tail(dict, data, length);
        block = new byte[BLOCK_SIZE];
        filled = 0;
        if (threads == 1 || (last && inFlight.isEmpty())) {
            out.write(compress(data, length, dict, last));
            return;
        }
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "lamina-gzip");
                t.setDaemon(true);
                return t;
            });
        }
        inFlight.addLast(pool.submit(() -> compress(data, length, dict, last)));
        while (inFlight.size() > threads * 2 || (!inFlight.isEmpty() && inFlight.peekFirst().isDone())) {
            out.write(await(inFlight.removeFirst()));
        }
    }

    /** Compresses one block into raw deflate, ended by a sync flush, or by the final block when last. */
    private byte[] compress(byte[] data, int length, byte[] dict, boolean last) {
        Deflater deflater = deflaters.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        try {
            if (dict != null) {
                deflater.setDictionary(dict);
            }
            deflater.setInput(data, 0, length);
            byte[] output = new byte[length + length / 8 + 64];
            int position = 0;
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    if (position == output.length) {
                        output = Arrays.copyOf(output, output.length * 2);
                    }
                    position += deflater.deflate(output, position, output.length - position, Deflater.NO_FLUSH);
                }
            } else {
                while (true) {
                    int n = deflater.deflate(output, position, output.length - position, Deflater.SYNC_FLUSH);
                    position += n;
                    if (position < output.length) {
                        break;
                    }
                    output = Arrays.copyOf(output, output.length * 2);
                }
            }
            return Arrays.copyOf(output, position);
        } finally {
            deflater.reset();
            deflaters.add(deflater);
        }
    }

    /** The last 32 KiB of input so far, when the current block alone is shorter than that. */
    private static byte[] tail(byte[] previous, byte[] data, int length) {
        byte[] joined = previous == null ? Arrays.copyOf(data, length) : concat(previous, data, length);
        return joined.length <= DICTIONARY_SIZE ? joined
                : Arrays.copyOfRange(joined, joined.length - DICTIONARY_SIZE, joined.length);
    }

    private static byte[] concat(byte[] a, byte[] b, int bLength) {
        byte[] joined = Arrays.copyOf(a, a.length + bLength);
        System.arraycopy(b, 0, joined, a.length, bLength);
        return joined;
    }

    private void writeTrailer() throws IOException {
        long value = crc.getValue();
        int size = (int) total;
        out.write(new byte[] {
            (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24),
            (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)});
    }

    private static byte[] await(Future<byte[]> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compressing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException("compression failed: " + e.getCause(), e.getCause());
        }
    }

    private void shutdown() {
        if (pool != null) {
            pool.shutdownNow();
        }
        Deflater d;
        while ((d = deflaters.poll()) != null) {
            d.end();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
