package dev.lamina.tarball.tar;

import dev.lamina.image.io.Transfer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a tar stream as Go's archive/tar (and so Docker and BuildKit) does: a ustar header when the entry
 * fits one, else a PAX extended header first ({@code path}, {@code linkpath} for long or non-ASCII names,
 * {@code uid}/{@code gid} above 2097151, {@code size} from 8 GiB, {@code mtime} outside the octal range,
 * {@code uname}/{@code gname} over 32 bytes, and every xattr as {@code SCHILY.xattr.*}). Device numbers too
 * large for octal use base-256. Times are written in whole seconds. Output is a pure function of the entries.
 */
public final class TarWriter implements Closeable {
    private static final byte[] ZERO_BLOCK = new byte[HeaderBlock.SIZE];

    private final OutputStream out;
    private final byte[] buffer = new byte[Transfer.STEP]; // one for all entries: layers hold many small files
    private long remaining;
    private long written;
    private String current;
    private boolean finished;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes an entry whose content (exactly {@code entry.size()} bytes) comes from {@code content}. */
    public void write(TarEntry entry, InputStream content) throws IOException {
        OutputStream body = begin(entry);
        long copied = Transfer.copy(content, body, buffer);
        if (copied != entry.size()) {
            throw new IOException(entry.name() + ": expected " + entry.size() + " bytes of content, got " + copied);
        }
        end();
    }

    /** Rewrites bytes already written (through the stream's buffer), for an entry whose size comes last. */
    @FunctionalInterface
    public interface Patcher {
        void patch(long position, byte[] bytes) throws IOException;
    }

    /**
     * Writes a regular file whose size is learnt from its content ({@code entry.size()} is ignored): the header goes
     * out first with no size, and {@code patcher} puts the size in once the content is written, so nothing needs to
     * be held back. The entry's other fields must fit the ustar header (a size beyond eleven octal digits is written
     * in base-256, as GNU tar and Go's archive/tar do). Returns the size.
     */
    public long writeSizedLater(TarEntry entry, InputStream content, Patcher patcher) throws IOException {
        if (current != null) {
            throw new IllegalStateException("entry " + current + " is not ended");
        }
        if (finished) {
            throw new IllegalStateException("the archive is finished");
        }
        TarEntry unsized = entry.toBuilder().size(0).build();
        Map<String, byte[]> pax = new TreeMap<>();
        byte[] block = headerBlock(unsized, pax);
        if (!pax.isEmpty()) {
            throw new IllegalArgumentException(entry.name() + " needs PAX records: its size cannot be put in later");
        }
        long at = written;
        out.write(block);
        written += HeaderBlock.SIZE;
        long size = Transfer.copy(content, out, buffer);
        written += size;
        pad();
        if (size > HeaderBlock.MAX_OCTAL_11) {
            HeaderBlock.putBase256(block, HeaderBlock.SIZE_FIELD, HeaderBlock.SIZE_LEN, size);
        } else {
            HeaderBlock.putOctal(block, HeaderBlock.SIZE_FIELD, HeaderBlock.SIZE_LEN, size);
        }
        HeaderBlock.putChecksum(block);
        patcher.patch(at, block);
        return size;
    }

    /** Writes an entry without content (a directory, link, device, fifo, or an empty file). */
    public void write(TarEntry entry) throws IOException {
        if (entry.size() != 0) {
            throw new IllegalArgumentException(entry.name() + " has content; use write(entry, content)");
        }
        begin(entry);
        end();
    }

    /**
     * Writes the header and returns where to write exactly {@code entry.size()} bytes of content; {@link #end}
     * pads the entry. Writing more than the size fails.
     */
    public OutputStream begin(TarEntry entry) throws IOException {
        if (current != null) {
            throw new IllegalStateException("entry " + current + " is not ended");
        }
        if (finished) {
            throw new IllegalStateException("the archive is finished");
        }
        writeHeaders(entry);
        current = entry.name();
        remaining = entry.size();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > remaining) {
                    throw new IOException(current + ": more content than the " + entry.size() + " bytes announced");
                }
                out.write(b, off, len);
                remaining -= len;
                written += len;
            }
        };
    }

    /** Ends the current entry: its content must be complete. */
    public void end() throws IOException {
        if (current == null) {
            throw new IllegalStateException("no entry to end");
        }
        if (remaining != 0) {
            throw new IOException(current + ": " + remaining + " bytes of content missing");
        }
        pad();
        current = null;
    }

    /** Writes the end-of-archive marker (two zero blocks). Does not close the underlying stream. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (current != null) {
            throw new IllegalStateException("entry " + current + " is not ended");
        }
        out.write(ZERO_BLOCK);
        out.write(ZERO_BLOCK);
        written += 2L * HeaderBlock.SIZE;
        finished = true;
        out.flush();
    }

    /** Bytes written so far. */
    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        finish();
        out.close();
    }

    private void pad() throws IOException {
        int partial = (int) (written % HeaderBlock.SIZE);
        if (partial != 0) {
            out.write(ZERO_BLOCK, 0, HeaderBlock.SIZE - partial);
            written += HeaderBlock.SIZE - partial;
        }
    }

    private void writeHeaders(TarEntry entry) throws IOException {
        Map<String, byte[]> pax = new TreeMap<>();
        byte[] block = headerBlock(entry, pax);
        if (!pax.isEmpty()) {
            writePax(entry, pax);
        }
        out.write(block);
        written += HeaderBlock.SIZE;
    }

    /** The ustar header of {@code entry}, checksummed; what it cannot hold goes into {@code pax}. */
    private static byte[] headerBlock(TarEntry entry, Map<String, byte[]> pax) {
        byte[] block = new byte[HeaderBlock.SIZE];

        byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
        if (!placeName(block, entry.name(), name)) {
            pax.put(PaxRecords.PATH, name);
            HeaderBlock.putString(block, HeaderBlock.NAME, HeaderBlock.NAME_LEN, asciiPrefix(entry.name(), 100));
        }
        byte[] link = entry.linkName().getBytes(StandardCharsets.UTF_8);
        if (link.length > HeaderBlock.LINK_LEN || !isAscii(entry.linkName())) {
            pax.put(PaxRecords.LINKPATH, link);
            HeaderBlock.putString(block, HeaderBlock.LINK, HeaderBlock.LINK_LEN, asciiPrefix(entry.linkName(), 100));
        } else {
            HeaderBlock.putString(block, HeaderBlock.LINK, HeaderBlock.LINK_LEN, link);
        }
        HeaderBlock.putOctal(block, HeaderBlock.MODE, HeaderBlock.ID_LEN, entry.mode());
        putId(block, HeaderBlock.UID, entry.uid(), PaxRecords.UID, pax);
        putId(block, HeaderBlock.GID, entry.gid(), PaxRecords.GID, pax);
        if (entry.size() > HeaderBlock.MAX_OCTAL_11) {
            pax.put(PaxRecords.SIZE, Long.toString(entry.size()).getBytes(StandardCharsets.US_ASCII));
            HeaderBlock.putOctal(block, HeaderBlock.SIZE_FIELD, HeaderBlock.SIZE_LEN, 0);
        } else {
            HeaderBlock.putOctal(block, HeaderBlock.SIZE_FIELD, HeaderBlock.SIZE_LEN, entry.size());
        }
        long seconds = entry.modTime().getEpochSecond();
        if (seconds < 0 || seconds > HeaderBlock.MAX_OCTAL_11) {
            pax.put(PaxRecords.MTIME, Long.toString(seconds).getBytes(StandardCharsets.US_ASCII));
            HeaderBlock.putOctal(block, HeaderBlock.MTIME, HeaderBlock.MTIME_LEN, 0);
        } else {
            HeaderBlock.putOctal(block, HeaderBlock.MTIME, HeaderBlock.MTIME_LEN, seconds);
        }
        block[HeaderBlock.TYPE] = (byte) entry.type().flag();
        HeaderBlock.putString(block, HeaderBlock.MAGIC, 6, HeaderBlock.USTAR_MAGIC);
        HeaderBlock.putString(block, HeaderBlock.VERSION, 2, HeaderBlock.USTAR_VERSION);
        putOwnerName(block, HeaderBlock.UNAME, entry.uname(), PaxRecords.UNAME, pax);
        putOwnerName(block, HeaderBlock.GNAME, entry.gname(), PaxRecords.GNAME, pax);
        putDevice(block, HeaderBlock.DEV_MAJOR, entry.devMajor());
        putDevice(block, HeaderBlock.DEV_MINOR, entry.devMinor());
        entry.xattrs().forEach((key, value) -> pax.put(PaxRecords.XATTR_PREFIX + key, value));
        HeaderBlock.putChecksum(block);
        return block;
    }

    /** Puts the name in the ustar name (and prefix) fields when it fits and is ASCII; false when it needs PAX. */
    private static boolean placeName(byte[] block, String text, byte[] name) {
        if (!isAscii(text)) {
            return false;
        }
        if (name.length <= HeaderBlock.NAME_LEN) {
            HeaderBlock.putString(block, HeaderBlock.NAME, HeaderBlock.NAME_LEN, name);
            return true;
        }
        // split at a slash so that the prefix fits 155 bytes and the rest 100
        for (int i = Math.min(name.length - 1, HeaderBlock.PREFIX_LEN); i > 0; i--) {
            if (name[i] == '/' && name.length - i - 1 <= HeaderBlock.NAME_LEN && name.length - i - 1 > 0) {
                HeaderBlock.putString(block, HeaderBlock.PREFIX, HeaderBlock.PREFIX_LEN,
                        java.util.Arrays.copyOfRange(name, 0, i));
                HeaderBlock.putString(block, HeaderBlock.NAME, HeaderBlock.NAME_LEN,
                        java.util.Arrays.copyOfRange(name, i + 1, name.length));
                return true;
            }
        }
        return false;
    }

    private static void putId(byte[] block, int offset, long id, String key, Map<String, byte[]> pax) {
        if (id > HeaderBlock.MAX_OCTAL_7) {
            pax.put(key, Long.toString(id).getBytes(StandardCharsets.US_ASCII));
            HeaderBlock.putOctal(block, offset, HeaderBlock.ID_LEN, 0);
        } else {
            HeaderBlock.putOctal(block, offset, HeaderBlock.ID_LEN, id);
        }
    }

    private static void putOwnerName(byte[] block, int offset, String value, String key, Map<String, byte[]> pax) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > HeaderBlock.OWNER_NAME_LEN || !isAscii(value)) {
            pax.put(key, bytes);
        } else {
            HeaderBlock.putString(block, offset, HeaderBlock.OWNER_NAME_LEN, bytes);
        }
    }

    private static void putDevice(byte[] block, int offset, long value) {
        if (value > HeaderBlock.MAX_OCTAL_7) {
            HeaderBlock.putBase256(block, offset, HeaderBlock.DEV_LEN, value);
        } else {
            HeaderBlock.putOctal(block, offset, HeaderBlock.DEV_LEN, value);
        }
    }

    /** The PAX header entry, named as Go names it: {@code dir/PaxHeaders.0/base}. */
    private void writePax(TarEntry entry, Map<String, byte[]> pax) throws IOException {
        byte[] data = PaxRecords.encode(pax);
        String name = entry.displayName();
        int slash = name.lastIndexOf('/');
        String paxName = (slash < 0 ? "" : name.substring(0, slash + 1)) + "PaxHeaders.0/"
                + name.substring(slash + 1);
        byte[] block = new byte[HeaderBlock.SIZE];
        HeaderBlock.putString(block, HeaderBlock.NAME, HeaderBlock.NAME_LEN, asciiPrefix(paxName, 100));
        HeaderBlock.putOctal(block, HeaderBlock.MODE, HeaderBlock.ID_LEN, 0);
        HeaderBlock.putOctal(block, HeaderBlock.UID, HeaderBlock.ID_LEN, 0);
        HeaderBlock.putOctal(block, HeaderBlock.GID, HeaderBlock.ID_LEN, 0);
        HeaderBlock.putOctal(block, HeaderBlock.SIZE_FIELD, HeaderBlock.SIZE_LEN, data.length);
        HeaderBlock.putOctal(block, HeaderBlock.MTIME, HeaderBlock.MTIME_LEN, 0);
        block[HeaderBlock.TYPE] = 'x';
        HeaderBlock.putString(block, HeaderBlock.MAGIC, 6, HeaderBlock.USTAR_MAGIC);
        HeaderBlock.putString(block, HeaderBlock.VERSION, 2, HeaderBlock.USTAR_VERSION);
        HeaderBlock.putOctal(block, HeaderBlock.DEV_MAJOR, HeaderBlock.DEV_LEN, 0);
        HeaderBlock.putOctal(block, HeaderBlock.DEV_MINOR, HeaderBlock.DEV_LEN, 0);
        HeaderBlock.putChecksum(block);
        out.write(block);
        out.write(data);
        written += HeaderBlock.SIZE + data.length;
        pad();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** A printable ASCII stand-in for the ustar field when the real value is in the PAX header. */
    private static byte[] asciiPrefix(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c > 0 && c <= 0x7e ? c : '_');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
