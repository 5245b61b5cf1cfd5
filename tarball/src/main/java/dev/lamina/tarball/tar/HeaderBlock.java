package dev.lamina.tarball.tar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 512-byte ustar header: field offsets, octal and base-256 numbers, and the checksum. Both the reader and
 * the writer go through here, so the layout is written down once.
 */
final class HeaderBlock {
    static final int SIZE = 512;

    static final int NAME = 0;
    static final int NAME_LEN = 100;
    static final int MODE = 100;
    static final int UID = 108;
    static final int GID = 116;
    static final int ID_LEN = 8;
    static final int SIZE_FIELD = 124;
    static final int SIZE_LEN = 12;
    static final int MTIME = 136;
    static final int MTIME_LEN = 12;
    static final int CHECKSUM = 148;
    static final int CHECKSUM_LEN = 8;
    static final int TYPE = 156;
    static final int LINK = 157;
    static final int LINK_LEN = 100;
    static final int MAGIC = 257;
    static final int VERSION = 263;
    static final int UNAME = 265;
    static final int OWNER_NAME_LEN = 32;
    static final int GNAME = 297;
    static final int DEV_MAJOR = 329;
    static final int DEV_MINOR = 337;
    static final int DEV_LEN = 8;
    static final int PREFIX = 345;
    static final int PREFIX_LEN = 155;

    /** The largest value each octal field holds: 7 digits for ids and devices, 11 for size and mtime. */
    static final long MAX_OCTAL_7 = 07777777L;
    static final long MAX_OCTAL_11 = 077777777777L;

    static final byte[] USTAR_MAGIC = "ustar\0".getBytes(StandardCharsets.US_ASCII);
    static final byte[] USTAR_VERSION = "00".getBytes(StandardCharsets.US_ASCII);
    static final byte[] GNU_MAGIC = "ustar ".getBytes(StandardCharsets.US_ASCII);

    private HeaderBlock() {
    }

    static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    // ---- writing ----

    /** Writes {@code value} as zero-padded octal, NUL-terminated, filling the field. */
    static void putOctal(byte[] block, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        int width = length - 1;
        if (digits.length() > width) {
            throw new IllegalArgumentException("value " + value + " does not fit " + width + " octal digits");
        }
        int pad = width - digits.length();
        Arrays.fill(block, offset, offset + pad, (byte) '0');
        for (int i = 0; i < digits.length(); i++) {
            block[offset + pad + i] = (byte) digits.charAt(i);
        }
        block[offset + width] = 0;
    }

    /** Writes {@code value} in GNU base-256: the first byte's high bit set, the number big-endian after it. */
    static void putBase256(byte[] block, int offset, int length, long value) {
        Arrays.fill(block, offset, offset + length, (byte) 0);
        long v = value;
        for (int i = offset + length - 1; i > offset; i--) {
            block[i] = (byte) v;
            v >>>= 8;
        }
        block[offset] = (byte) 0x80;
    }

    static void putString(byte[] block, int offset, int length, byte[] value) {
        System.arraycopy(value, 0, block, offset, Math.min(length, value.length));
    }

    static void putChecksum(byte[] block) {
        Arrays.fill(block, CHECKSUM, CHECKSUM + CHECKSUM_LEN, (byte) ' ');
        long sum = unsignedSum(block);
        // six octal digits, NUL, space: the form every tar writes (not through String.format, whose first use
        // loads locale data: milliseconds of a short command)
        String digits = Long.toOctalString(sum);
        int pad = 6 - digits.length();
        for (int i = 0; i < 6; i++) {
            block[CHECKSUM + i] = (byte) (i < pad ? '0' : digits.charAt(i - pad));
        }
        block[CHECKSUM + 6] = 0;
        block[CHECKSUM + 7] = ' ';
    }

    // ---- reading ----

    /** The checksum matches when the sum, with the field taken as spaces, equals it signed or unsigned. */
    static boolean checksumMatches(byte[] block, long recorded) {
        byte[] copy = block.clone();
        Arrays.fill(copy, CHECKSUM, CHECKSUM + CHECKSUM_LEN, (byte) ' ');
        long signed = 0;
        for (byte b : copy) {
            signed += b;
        }
        return recorded == unsignedSum(copy) || recorded == signed;
    }

    private static long unsignedSum(byte[] block) {
        long sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        return sum;
    }

    /**
     * Parses a numeric field: octal digits surrounded by spaces or NULs, or base-256 when the first byte has
     * its high bit set (0x80 positive, 0xff negative). Returns null when the field is not a number.
     */
    static Long parseNumber(byte[] block, int offset, int length) {
        int first = block[offset] & 0xff;
        if ((first & 0x80) != 0) {
            return parseBase256(block, offset, length);
        }
        int start = offset;
        int end = offset + length;
        while (start < end && (block[start] == ' ' || block[start] == 0)) {
            start++;
        }
        int stop = start;
        while (stop < end && block[stop] >= '0' && block[stop] <= '7') {
            stop++;
        }
        for (int i = stop; i < end; i++) {
            if (block[i] != ' ' && block[i] != 0) {
                return null;
            }
        }
        if (stop == start) {
            return 0L;
        }
        if (stop - start > 21) {
            return null; // more than 63 bits
        }
        return Long.parseLong(new String(block, start, stop - start, StandardCharsets.US_ASCII), 8);
    }

    /** Two's complement, big-endian, with the marker bit masked off (negative numbers start with 0xff). */
    private static Long parseBase256(byte[] block, int offset, int length) {
        int invert = (block[offset] & 0x40) != 0 ? 0xff : 0;
        long x = 0;
        for (int i = 0; i < length; i++) {
            int c = (block[offset + i] & 0xff) ^ invert;
            if (i == 0) {
                c &= 0x7f;
            }
            if ((x >>> 56) != 0) {
                return null;
            }
            x = (x << 8) | c;
        }
        if ((x >>> 63) != 0) {
            return null;
        }
        return invert == 0xff ? ~x : x;
    }

    /** A NUL-terminated (or full-width) string field, as bytes. */
    static byte[] bytes(byte[] block, int offset, int length) {
        int end = offset;
        while (end < offset + length && block[end] != 0) {
            end++;
        }
        return Arrays.copyOfRange(block, offset, end);
    }

    static boolean hasMagic(byte[] block, byte[] magic) {
        return Arrays.equals(block, MAGIC, MAGIC + magic.length, magic, 0, magic.length);
    }
}
