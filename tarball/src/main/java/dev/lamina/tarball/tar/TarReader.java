package dev.lamina.tarball.tar;

import dev.lamina.tarball.io.Streams;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a tar stream entry by entry, strictly: every header's checksum is checked, numbers must parse, a
 * stream that ends inside a header, a content or its padding is truncated, sizes are checked against the
 * type, and extended headers (PAX, GNU long names) are bounded so a hostile archive cannot make it allocate
 * without limit. Content is never buffered: {@link #content()} streams the current entry, and {@link #next()}
 * skips whatever was not read. An archive that ends cleanly at a header boundary without the end-of-archive
 * blocks is accepted, as Go's archive/tar accepts it.
 */
public final class TarReader implements Closeable {
    /** The most a PAX or GNU long-name header may hold: far beyond PATH_MAX, far below trouble. */
    public static final int MAX_EXTENDED_HEADER = 1 << 20;

    private final Counting in;
    private final byte[] block = new byte[HeaderBlock.SIZE];
    private TarEntry current;
    private long remaining;
    private long padding;
    private long contentOffset;
    private boolean ended;

    public TarReader(InputStream in) {
        this.in = new Counting(in);
    }

    /** The next entry, or empty at the end of the archive. Skips the rest of the previous entry's content. */
    public Optional<TarEntry> next() throws IOException {
        if (ended) {
            return Optional.empty();
        }
        skipRest();
        current = null;
        Map<String, byte[]> pax = new LinkedHashMap<>();
        byte[] longName = null;
        byte[] longLink = null;
        boolean pending = false;
        while (true) {
            long offset = in.count;
            if (!readBlock(pending ? "the entry its extended header announces" : null)) {
                ended = true;
                return Optional.empty();
            }
            if (HeaderBlock.isZero(block)) {
                if (pending) {
                    throw new TarFormatException("tar header at offset " + offset
                            + ": an extended header is followed by the end of the archive");
                }
                if (readBlock(null) && !HeaderBlock.isZero(block)) {
                    throw new TarFormatException("tar header at offset " + offset
                            + ": a single zero block followed by more data");
                }
                ended = true;
                drainTrailer();
                return Optional.empty();
            }
            verifyChecksum(offset);
            byte flag = block[HeaderBlock.TYPE];
            long size = number(HeaderBlock.SIZE_FIELD, HeaderBlock.SIZE_LEN, "size", offset);
            if (size < 0) {
                throw new TarFormatException(describe(offset) + ": negative size " + size);
            }
            switch (flag) {
                case 'x' -> {
                    pax.putAll(PaxRecords.decode(readExtended(size, "PAX header", offset), describe(offset)));
                    pending = true;
                }
                case 'g' -> readExtended(size, "PAX global header", offset); // comments only; nothing to apply
                case 'L' -> {
                    longName = trimNul(readExtended(size, "GNU long name", offset));
                    pending = true;
                }
                case 'K' -> {
                    longLink = trimNul(readExtended(size, "GNU long link name", offset));
                    pending = true;
                }
                case 'S' -> throw new TarFormatException(describe(offset) + ": GNU sparse files are not supported");
                default -> {
                    current = entry(flag, size, pax, longName, longLink, offset);
                    contentOffset = in.count;
                    remaining = current.size();
                    padding = padding(current.size());
                    return Optional.of(current);
                }
            }
        }
    }

    /** The content of the current entry; ends after {@code size} bytes. Truncation fails clearly. */
    public InputStream content() {
        if (current == null) {
            throw new IllegalStateException("no current entry");
        }
        TarEntry entry = current;
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return Streams.readByte(this);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (current != entry || remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw truncated(entry);
                }
                remaining -= n;
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                if (current != entry) {
                    return 0;
                }
                long skip = Math.min(n, remaining);
                skipFully(skip, entry);
                remaining -= skip;
                return skip;
            }

            @Override
            public int available() throws IOException {
                return current != entry ? 0 : (int) Math.min(remaining, in.available());
            }
        };
    }

    /** Where the current entry's content starts in the stream: lets a seekable archive be indexed, not read. */
    public long contentOffset() {
        return contentOffset;
    }

    /** Bytes consumed from the stream so far. */
    public long position() {
        return in.count;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private TarEntry entry(byte flag, long headerSize, Map<String, byte[]> pax, byte[] longName, byte[] longLink,
            long offset) throws IOException {
        boolean posix = HeaderBlock.hasMagic(block, HeaderBlock.USTAR_MAGIC);
        boolean gnu = HeaderBlock.hasMagic(block, HeaderBlock.GNU_MAGIC);
        String name;
        if (pax.containsKey(PaxRecords.PATH)) {
            name = text(pax.get(PaxRecords.PATH));
        } else if (longName != null) {
            name = text(longName);
        } else {
            byte[] base = HeaderBlock.bytes(block, HeaderBlock.NAME, HeaderBlock.NAME_LEN);
            byte[] prefix = posix ? HeaderBlock.bytes(block, HeaderBlock.PREFIX, HeaderBlock.PREFIX_LEN) : new byte[0];
            name = prefix.length == 0 ? text(base) : text(prefix) + "/" + text(base);
        }
        if (name.isEmpty()) {
            throw new TarFormatException(describe(offset) + ": an entry without a name");
        }
        if (name.indexOf('\0') >= 0) {
            throw new TarFormatException(describe(offset) + ": a name containing NUL");
        }
        EntryType type = EntryType.ofFlag(flag).orElseThrow(() -> new TarFormatException("tar entry \"" + name
                + "\" at offset " + offset + ": unsupported entry type '" + printable(flag) + "'"));
        if (type == EntryType.REGULAR && flag == 0 && name.endsWith("/")) {
            type = EntryType.DIRECTORY; // the v7 convention for directories
        }
        String where = "tar entry \"" + name + "\" at offset " + offset;
        for (String key : pax.keySet()) {
            if (key.startsWith(PaxRecords.GNU_SPARSE_PREFIX)) {
                throw new TarFormatException(where + ": GNU sparse files are not supported");
            }
        }
        long size = pax.containsKey(PaxRecords.SIZE) ? decimal(pax.get(PaxRecords.SIZE), "size", where) : headerSize;
        if (!type.hasContent() && size != 0) {
            throw new TarFormatException(where + ": a " + type.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + " cannot have " + size + " bytes of content");
        }
        long mode = number(HeaderBlock.MODE, HeaderBlock.ID_LEN, "mode", offset);
        long uid = pax.containsKey(PaxRecords.UID) ? decimal(pax.get(PaxRecords.UID), "uid", where)
                : number(HeaderBlock.UID, HeaderBlock.ID_LEN, "uid", offset);
        long gid = pax.containsKey(PaxRecords.GID) ? decimal(pax.get(PaxRecords.GID), "gid", where)
                : number(HeaderBlock.GID, HeaderBlock.ID_LEN, "gid", offset);
        if (uid < 0 || gid < 0) {
            throw new TarFormatException(where + ": negative owner " + uid + ":" + gid);
        }
        Instant modTime = pax.containsKey(PaxRecords.MTIME) ? time(pax.get(PaxRecords.MTIME), where)
                : Instant.ofEpochSecond(number(HeaderBlock.MTIME, HeaderBlock.MTIME_LEN, "mtime", offset));
        String link;
        if (pax.containsKey(PaxRecords.LINKPATH)) {
            link = text(pax.get(PaxRecords.LINKPATH));
        } else if (longLink != null) {
            link = text(longLink);
        } else {
            link = text(HeaderBlock.bytes(block, HeaderBlock.LINK, HeaderBlock.LINK_LEN));
        }
        if ((type == EntryType.SYMLINK || type == EntryType.HARDLINK) && (link.isEmpty() || link.indexOf('\0') >= 0)) {
            throw new TarFormatException(where + ": a link without a valid target");
        }
        String uname = pax.containsKey(PaxRecords.UNAME) ? text(pax.get(PaxRecords.UNAME))
                : posix || gnu ? text(HeaderBlock.bytes(block, HeaderBlock.UNAME, HeaderBlock.OWNER_NAME_LEN)) : "";
        String gname = pax.containsKey(PaxRecords.GNAME) ? text(pax.get(PaxRecords.GNAME))
                : posix || gnu ? text(HeaderBlock.bytes(block, HeaderBlock.GNAME, HeaderBlock.OWNER_NAME_LEN)) : "";
        long major = 0;
        long minor = 0;
        if (type.isDevice()) {
            major = number(HeaderBlock.DEV_MAJOR, HeaderBlock.DEV_LEN, "device major", offset);
            minor = number(HeaderBlock.DEV_MINOR, HeaderBlock.DEV_LEN, "device minor", offset);
            if (major < 0 || minor < 0) {
                throw new TarFormatException(where + ": negative device number");
            }
        }
        TarEntry.Builder builder = TarEntry.builder(name, type)
                .mode((int) (mode & TarEntry.PERMISSION_BITS))
                .owner(uid, gid)
                .ownerNames(uname, gname)
                .size(size)
                .modTime(modTime)
                .linkName(type == EntryType.SYMLINK || type == EntryType.HARDLINK ? link : "")
                .device(major, minor);
        for (Map.Entry<String, byte[]> record : pax.entrySet()) {
            String key = record.getKey();
            if (key.startsWith(PaxRecords.XATTR_PREFIX) && key.length() > PaxRecords.XATTR_PREFIX.length()) {
                builder.xattr(key.substring(PaxRecords.XATTR_PREFIX.length()), record.getValue());
            } else if (key.startsWith(PaxRecords.LIBARCHIVE_XATTR_PREFIX)) {
                String xattr = URLDecoder.decode(key.substring(PaxRecords.LIBARCHIVE_XATTR_PREFIX.length()),
                        StandardCharsets.UTF_8);
                try {
                    builder.xattr(xattr, Base64.getDecoder().decode(record.getValue()));
                } catch (IllegalArgumentException e) {
                    throw new TarFormatException(where + ": xattr " + xattr + " is not valid base64");
                }
            }
        }
        return builder.build();
    }

    private void verifyChecksum(long offset) throws TarFormatException {
        Long recorded = HeaderBlock.parseNumber(block, HeaderBlock.CHECKSUM, HeaderBlock.CHECKSUM_LEN);
        if (recorded == null || !HeaderBlock.checksumMatches(block, recorded)) {
            throw new TarFormatException(describe(offset) + ": bad header checksum (not a tar, or damaged)");
        }
    }

    private long number(int field, int length, String what, long offset) throws TarFormatException {
        Long value = HeaderBlock.parseNumber(block, field, length);
        if (value == null) {
            throw new TarFormatException(describe(offset) + ": invalid " + what + " field");
        }
        return value;
    }

    private static long decimal(byte[] value, String what, String where) throws TarFormatException {
        String text = new String(value, StandardCharsets.US_ASCII);
        try {
            long parsed = Long.parseLong(text);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new TarFormatException(where + ": invalid PAX " + what + " \"" + text + "\"");
        }
    }

    private static Instant time(byte[] value, String where) throws TarFormatException {
        String text = new String(value, StandardCharsets.US_ASCII);
        try {
            BigDecimal seconds = new BigDecimal(text);
            long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            throw new TarFormatException(where + ": invalid PAX mtime \"" + text + "\"");
        }
    }

    /** The name of the entry whose header is in {@link #block}, for messages about that header. */
    private String describe(long offset) {
        String name = text(HeaderBlock.bytes(block, HeaderBlock.NAME, HeaderBlock.NAME_LEN));
        return name.isEmpty() || !isPrintable(name) ? "tar header at offset " + offset
                : "tar entry \"" + name + "\" at offset " + offset;
    }

    private byte[] readExtended(long size, String what, long offset) throws IOException {
        if (size > MAX_EXTENDED_HEADER) {
            throw new TarFormatException(describe(offset) + ": " + what + " of " + size + " bytes exceeds the "
                    + MAX_EXTENDED_HEADER + "-byte limit");
        }
        byte[] data = new byte[(int) size];
        try {
            in.readFully(data);
            skipPadding(padding(size));
        } catch (EOFException e) {
            throw new TarFormatException(describe(offset) + ": truncated " + what);
        }
        return data;
    }

    /** Reads one block; false at a clean end of stream, an error when the stream ends inside the block. */
    private boolean readBlock(String expecting) throws IOException {
        int read = in.readNBytes(block, 0, HeaderBlock.SIZE);
        if (read == 0) {
            if (expecting != null) {
                throw new TarFormatException("tar ends at offset " + in.count + " before " + expecting);
            }
            return false;
        }
        if (read < HeaderBlock.SIZE) {
            throw new TarFormatException("tar truncated at offset " + in.count + ": a header block is incomplete");
        }
        return true;
    }

    /** Consumes whatever follows the end-of-archive blocks (the record padding), so digests see every byte. */
    private void drainTrailer() throws IOException {
        in.skipToEnd();
    }

    private void skipRest() throws IOException {
        if (current == null) {
            return;
        }
        skipFully(remaining, current);
        remaining = 0;
        skipPadding(padding);
        padding = 0;
    }

    private void skipPadding(long n) throws IOException {
        if (n == 0) {
            return;
        }
        long skipped = in.skipUpTo(n);
        if (skipped < n) {
            throw new TarFormatException("tar truncated at offset " + in.count + ": the padding after "
                    + (current == null ? "an extended header" : "\"" + current.name() + "\"") + " is incomplete");
        }
    }

    private void skipFully(long n, TarEntry entry) throws IOException {
        if (in.skipUpTo(n) < n) {
            throw truncated(entry);
        }
    }

    private TarFormatException truncated(TarEntry entry) {
        return new TarFormatException("tar truncated: entry \"" + entry.name() + "\" declares " + entry.size()
                + " bytes of content, the archive ends after " + (entry.size() - remaining));
    }

    private static long padding(long size) {
        long partial = size % HeaderBlock.SIZE;
        return partial == 0 ? 0 : HeaderBlock.SIZE - partial;
    }

    private static byte[] trimNul(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                return java.util.Arrays.copyOf(data, i);
            }
        }
        return data;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean isPrintable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c != 0x7f);
    }

    private static String printable(byte flag) {
        return flag >= 0x20 && flag < 0x7f ? String.valueOf((char) flag) : String.format("\\x%02x", flag & 0xff);
    }

    /** Counts what is consumed, so offsets can be reported and archives indexed. */
    private static final class Counting extends InputStream {
        private final InputStream in;
        private long count;

        Counting(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        void readFully(byte[] data) throws IOException {
            int n = readNBytes(data, 0, data.length);
            if (n < data.length) {
                throw new EOFException();
            }
        }

        /**
         * Skips up to {@code n} bytes, returning how many were there. {@code skip} may seek past the end of a
         * file without noticing, so a seekable reader checks offsets against the file size itself.
         */
        long skipUpTo(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped > 0) {
                    left -= skipped;
                    count += skipped;
                    continue;
                }
                if (in.read() < 0) {
                    break;
                }
                left--;
                count++;
            }
            return n - left;
        }

        void skipToEnd() throws IOException {
            byte[] buffer = new byte[8192];
            while (read(buffer, 0, buffer.length) >= 0) {
                // discard
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
