package dev.lamina.image;

import java.util.Arrays;

/** How a layer blob is compressed. The streams themselves live with the layer code; this says which. */
public enum Compression {
    NONE(""),
    GZIP("+gzip"),
    ZSTD("+zstd");

    private final String ociSuffix;

    Compression(String ociSuffix) {
        this.ociSuffix = ociSuffix;
    }

    /** The suffix OCI appends to a layer media type for this compression. */
    public String ociSuffix() {
        return ociSuffix;
    }

    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    /** Recognises gzip and zstd by their magic numbers; anything else is taken as uncompressed. */
    public static Compression detect(byte[] head, int length) {
        if (startsWith(head, length, GZIP_MAGIC)) {
            return GZIP;
        }
        if (startsWith(head, length, ZSTD_MAGIC)) {
            return ZSTD;
        }
        return NONE;
    }

    /** The number of leading bytes {@link #detect} needs to see. */
    public static int magicLength() {
        return ZSTD_MAGIC.length;
    }

    private static boolean startsWith(byte[] head, int length, byte[] magic) {
        return length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
