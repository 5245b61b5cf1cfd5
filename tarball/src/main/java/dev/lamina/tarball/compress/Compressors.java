package dev.lamina.tarball.compress;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.lamina.image.Compression;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Opens the compressing side of a layer: gzip on all the cores given, zstd, or nothing. */
public final class Compressors {
    /** zstd's default level, which is what containerd and BuildKit write. */
    public static final int ZSTD_LEVEL = 3;

    private Compressors() {
    }

    /**
     * A stream that compresses into {@code out}; closing it ends the compressed stream and closes {@code out}.
     * The bytes depend on the input alone, not on {@code threads}.
     */
    public static OutputStream compress(OutputStream out, Compression compression, int threads) throws IOException {
        return compress(out, compression, threads, java.util.zip.Deflater.DEFAULT_COMPRESSION);
    }

    /**
     * As {@link #compress(OutputStream, Compression, int)}, gzip at {@code gzipLevel} (zlib's 1 to 9, or
     * {@link java.util.zip.Deflater#DEFAULT_COMPRESSION}); zstd keeps its level.
     */
    public static OutputStream compress(OutputStream out, Compression compression, int threads, int gzipLevel)
            throws IOException {
        return switch (compression) {
            case NONE -> new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }
            };
            case GZIP -> new ParallelGzipOutputStream(out, gzipLevel, threads);
            case ZSTD -> {
                ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL);
                // With one worker or more zstd's output is the same for any number of workers.
                zstd.setWorkers(Math.max(1, threads));
                yield zstd;
            }
        };
    }

    /** The cores lamina compresses with by default. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
