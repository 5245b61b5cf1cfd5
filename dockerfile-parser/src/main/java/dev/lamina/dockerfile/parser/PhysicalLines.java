package dev.lamina.dockerfile.parser;

import dev.lamina.dockerfile.text.GoStrings;

/**
 * The physical lines of a Dockerfile, read as BuildKit's line scanner reads them: split after each LF, a
 * UTF-8 byte-order mark dropped from the first line, and no line longer than Go's token limit. A line of
 * 65536 bytes or more ends the reading; {@link #tooLong()} then says so, and the caller reports it after the
 * instructions read so far, as BuildKit does.
 */
final class PhysicalLines {
    static final int MAX_LINE_BYTES = 65535;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** One line: its 1-based number, its text without the line feed, and its text with it (heredoc bodies). */
    record Line(int number, String text, String full) {
    }

    private final byte[] bytes;
    private int pos;
    private int number;
    private boolean tooLong;

    PhysicalLines(byte[] bytes) {
        this.bytes = bytes;
    }

    boolean hasNext() {
        if (tooLong || pos >= bytes.length) {
            return false;
        }
        int end = lineEnd();
        if (end - pos > MAX_LINE_BYTES) {
            tooLong = true;
            return false;
        }
        return true;
    }

    Line next() {
        if (!hasNext()) {
            throw new IllegalStateException("no more lines");
        }
        int end = lineEnd();
        int start = pos;
        if (number == 0 && startsWithBom(start, end)) {
            start += BOM.length;
        }
        boolean newline = end < bytes.length;
        String text = GoStrings.decode(bytes, start, end);
        pos = newline ? end + 1 : end;
        number++;
        return new Line(number, text, newline ? text + "\n" : text);
    }

    /** The number of the last line read (0 before the first). */
    int number() {
        return number;
    }

    boolean tooLong() {
        return tooLong;
    }

    private int lineEnd() {
        for (int i = pos; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }

    private boolean startsWithBom(int start, int end) {
        return end - start >= 3 && bytes[start] == BOM[0] && bytes[start + 1] == BOM[1] && bytes[start + 2] == BOM[2];
    }
}
