package dev.lamina.tarball.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PAX extended header records, {@code "<length> <key>=<value>\n"}, where the length counts the whole record.
 * Values are bytes: {@code SCHILY.xattr.*} carries binary attribute values as they are.
 */
final class PaxRecords {
    static final String PATH = "path";
    static final String LINKPATH = "linkpath";
    static final String SIZE = "size";
    static final String UID = "uid";
    static final String GID = "gid";
    static final String UNAME = "uname";
    static final String GNAME = "gname";
    static final String MTIME = "mtime";
    static final String XATTR_PREFIX = "SCHILY.xattr.";
    static final String LIBARCHIVE_XATTR_PREFIX = "LIBARCHIVE.xattr.";
    static final String GNU_SPARSE_PREFIX = "GNU.sparse.";

    private PaxRecords() {
    }

    /** Encodes records in the order given (callers pass a sorted map for reproducible output). */
    static byte[] encode(Map<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            int body = 1 + keyBytes.length + 1 + value.length + 1; // " key=value\n"
            int length = body + Integer.toString(body).length();
            if (Integer.toString(length).length() != Integer.toString(body).length()) {
                length = body + Integer.toString(length).length();
            }
            out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.writeBytes(keyBytes);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        });
        return out.toByteArray();
    }

    /** Decodes every record; a malformed one fails naming {@code where}. Later records override earlier ones. */
    static Map<String, byte[]> decode(byte[] data, String where) throws TarFormatException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        int pos = 0;
        while (pos < data.length) {
            if (data[pos] == 0) {
                // some writers pad the header data with NULs
                for (int i = pos; i < data.length; i++) {
                    if (data[i] != 0) {
                        throw malformed(where, "NUL bytes inside the records");
                    }
                }
                break;
            }
            int space = pos;
            while (space < data.length && data[space] >= '0' && data[space] <= '9') {
                space++;
            }
            if (space == pos || space >= data.length || data[space] != ' ' || space - pos > 9) {
                throw malformed(where, "a record does not start with its length");
            }
            int length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            int end = pos + length;
            if (length < 5 || end > data.length || data[end - 1] != '\n') {
                throw malformed(where, "record length " + length + " does not match its content");
            }
            int equals = space + 1;
            while (equals < end - 1 && data[equals] != '=') {
                equals++;
            }
            if (equals >= end - 1 || equals == space + 1) {
                throw malformed(where, "a record has no key=value");
            }
            String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            records.put(key, Arrays.copyOfRange(data, equals + 1, end - 1));
            pos = end;
        }
        return records;
    }

    private static TarFormatException malformed(String where, String why) {
        return new TarFormatException("malformed PAX header " + where + ": " + why);
    }
}
