package dev.lamina.tarball.compress;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.lamina.image.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Recognises compressed input by its magic number and opens the decompressing side. Layers come as gzip,
 * zstd or plain tar; whole archives ({@code docker save | gzip}) may also be xz or bzip2, as {@code docker load}
 * accepts.
 */
public final class Decompressors {
    private static final int BUFFER = 1 << 16;
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
    private static final byte[] BZIP2_MAGIC = {'B', 'Z', 'h'};

    private Decompressors() {
    }

    /** What was found at the start of a stream, and the stream to read the content from. */
    public record Opened(Format format, InputStream content) {
    }

    /** Every format lamina can read; the layer ones map to {@link Compression}. */
    public enum Format {
        NONE, GZIP, ZSTD, XZ, BZIP2;

        /** The layer compression this is, when it is one a layer media type can declare. */
        public java.util.Optional<Compression> layerCompression() {
            return switch (this) {
                case NONE -> java.util.Optional.of(Compression.NONE);
                case GZIP -> java.util.Optional.of(Compression.GZIP);
                case ZSTD -> java.util.Optional.of(Compression.ZSTD);
                case XZ, BZIP2 -> java.util.Optional.empty();
            };
        }
    }

    /** Peeks at the magic number and wraps {@code in} in the matching decompressor. */
    public static Opened open(InputStream in) throws IOException {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, BUFFER);
        Format format = detect(buffered);
        return new Opened(format, wrap(buffered, format));
    }

    /** Opens {@code in}, which must be a layer (plain tar, gzip or zstd). */
    public static Opened openLayer(InputStream in) throws IOException {
        Opened opened = open(in);
        if (opened.format().layerCompression().isEmpty()) {
            throw new IOException("unsupported layer compression " + opened.format().name().toLowerCase(java.util.Locale.ROOT));
        }
        return opened;
    }

    /** The format whose magic number starts a marked stream; the stream is reset afterwards. */
    public static Format detect(BufferedInputStream in) throws IOException {
        byte[] head = new byte[6];
        in.mark(head.length);
        int n = in.readNBytes(head, 0, head.length);
        in.reset();
        Compression layer = Compression.detect(head, n);
        if (layer == Compression.GZIP) {
            return Format.GZIP;
        }
        if (layer == Compression.ZSTD) {
            return Format.ZSTD;
        }
        if (startsWith(head, n, XZ_MAGIC)) {
            return Format.XZ;
        }
        if (startsWith(head, n, BZIP2_MAGIC)) {
            return Format.BZIP2;
        }
        return Format.NONE;
    }

    public static InputStream wrap(InputStream in, Format format) throws IOException {
        return switch (format) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStreamNoFinalizer(in);
            case XZ -> new XZInputStream(in);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
        };
    }

    private static boolean startsWith(byte[] head, int n, byte[] magic) {
        return n >= magic.length && java.util.Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
