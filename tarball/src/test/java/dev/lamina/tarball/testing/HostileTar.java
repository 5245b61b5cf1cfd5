package dev.lamina.tarball.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Builds tars the way an attacker would: any name (absolute, with {@code ..}), any link target, any type flag
 * and size, PAX and GNU long-name headers with whatever they say, and damage afterwards (a wrong checksum, a
 * truncation, raw blocks). It writes headers itself, independently of lamina's tar code, so that a bug there
 * cannot hide a bug in the code under test. Shared with the builder's tests through the tarball test-jar.
 */
public final class HostileTar {
    private static final int BLOCK = 512;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Map<String, String> pendingPax;
    private int headers;

    public HostileTar dir(String name) {
        return entry(name, '5', new byte[0], "", 0755);
    }

    public HostileTar file(String name, String content) {
        return entry(name, '0', content.getBytes(StandardCharsets.UTF_8), "", 0644);
    }

    public HostileTar file(String name, String content, int mode) {
        return entry(name, '0', content.getBytes(StandardCharsets.UTF_8), "", mode);
    }

    public HostileTar symlink(String name, String target) {
        return entry(name, '2', new byte[0], target, 0777);
    }

    public HostileTar hardlink(String name, String target) {
        return entry(name, '1', new byte[0], target, 0644);
    }

    public HostileTar fifo(String name) {
        return entry(name, '6', new byte[0], "", 0600);
    }

    /** A device node ('3' character, '4' block). */
    public HostileTar device(String name, char type, int major, int minor) {
        byte[] header = header(name, type, 0, "", 0600);
        octal(header, 329, 8, major);
        octal(header, 337, 8, minor);
        checksum(header, 0);
        return append(header, new byte[0]);
    }

    /** Any entry: the size field is the content's length. */
    public HostileTar entry(String name, char type, byte[] content, String link, int mode) {
        return append(header(name, type, content.length, link, mode), content);
    }

    /** An entry whose size field says {@code declared} while {@code content} follows. */
    public HostileTar lyingSize(String name, char type, long declared, byte[] content) {
        return append(header(name, type, declared, "", 0644), content);
    }

    /** A PAX extended header ('x') before the next entry, records as given. */
    public HostileTar pax(Map<String, String> records) {
        StringBuilder data = new StringBuilder();
        records.forEach((k, v) -> data.append(record(k, v)));
        byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
        return append(header("PaxHeaders.0/x", 'x', bytes.length, "", 0644), bytes);
    }

    /** PAX header data exactly as given (for malformed records). */
    public HostileTar rawPax(String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return append(header("PaxHeaders.0/x", 'x', bytes.length, "", 0644), bytes);
    }

    /** A GNU long name ('L') for the next entry. */
    public HostileTar gnuLongName(String name) {
        byte[] bytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        return append(header("././@LongLink", 'L', bytes.length, "", 0644), bytes);
    }

    /** Raw bytes, appended as they are (a lone zero block, garbage). */
    public HostileTar raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** The end-of-archive marker. */
    public HostileTar end() {
        out.writeBytes(new byte[2 * BLOCK]);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public byte[] gzipped() {
        return gzip(bytes());
    }

    /** How many header blocks were written (PAX and long-name headers included). */
    public int headerCount() {
        return headers;
    }

    // ---- damage ----

    /** The archive with the checksum of the header at {@code offset} off by one. */
    public static byte[] badChecksum(byte[] tar, int offset) {
        byte[] copy = tar.clone();
        copy[offset + 148] = (byte) (copy[offset + 148] == '1' ? '2' : '1');
        return copy;
    }

    public static byte[] truncate(byte[] tar, int length) {
        return Arrays.copyOf(tar, length);
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gz.toByteArray();
    }

    /** Sets a header's size field to a GNU base-256 negative number, fixing the checksum. */
    public static byte[] negativeSize(byte[] tar, int offset) {
        byte[] copy = tar.clone();
        Arrays.fill(copy, offset + 124, offset + 136, (byte) 0xff);
        checksum(copy, offset);
        return copy;
    }

    // ---- header writing ----

    private HostileTar append(byte[] header, byte[] content) {
        out.writeBytes(header);
        out.writeBytes(content);
        int pad = (BLOCK - content.length % BLOCK) % BLOCK;
        out.writeBytes(new byte[pad]);
        headers++;
        return this;
    }

    private static byte[] header(String name, char type, long size, String link, int mode) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 1_600_000_000L);
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar\0");
        put(h, 263, 2, "00");
        int offset = 0;
        checksum(h, offset);
        return h;
    }

    private static void checksum(byte[] tar, int offset) {
        Arrays.fill(tar, offset + 148, offset + 156, (byte) ' ');
        long sum = 0;
        for (int i = offset; i < offset + BLOCK; i++) {
            sum += tar[i] & 0xff;
        }
        byte[] digits = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, tar, offset + 148, 8);
    }

    private static void put(byte[] h, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, h, offset, Math.min(length, bytes.length));
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String s = String.format("%0" + (length - 1) + "o", value);
        put(h, offset, length - 1, s);
    }

    private static String record(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
        int length = bodyLength + String.valueOf(bodyLength).length();
        if (String.valueOf(length).length() != String.valueOf(bodyLength).length()) {
            length = bodyLength + String.valueOf(length).length();
        }
        return length + body;
    }

    /** Records in insertion order. */
    public static Map<String, String> records(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
