package dev.lamina.dockerfile.ignore;

/**
 * Whether a pattern is well-formed for Go's {@code filepath.Match} (Unix rules), which is all the matcher asks
 * of it: an unclosed {@code [}, a class starting with {@code ]} or {@code -}, a range ending in {@code -} or
 * {@code ]}, or a trailing backslash is malformed. Go checks the whole pattern even after a mismatch, so this
 * reads every chunk.
 */
final class GlobSyntax {
    private GlobSyntax() {
    }

    static boolean isValid(String pattern) {
        int[] p = pattern.codePoints().toArray();
        int i = 0;
        while (i < p.length) {
            while (i < p.length && p[i] == '*') {
                i++;
            }
            int end = chunkEnd(p, i);
            if (!chunkValid(p, i, end)) {
                return false;
            }
            i = end;
        }
        return true;
    }

    /** Go's {@code scanChunk}: up to the next {@code *} outside a class. */
    private static int chunkEnd(int[] p, int from) {
        boolean inRange = false;
        int i = from;
        for (; i < p.length; i++) {
            switch (p[i]) {
                case '\\' -> {
                    if (i + 1 < p.length) {
                        i++;
                    }
                }
                case '[' -> inRange = true;
                case ']' -> inRange = false;
                case '*' -> {
                    if (!inRange) {
                        return i;
                    }
                }
                default -> {
                }
            }
        }
        return i;
    }

    /** Go's {@code matchChunk} with its matching taken out: only the syntax checks remain. */
    private static boolean chunkValid(int[] p, int from, int to) {
        int i = from;
        while (i < to) {
            int c = p[i];
            if (c == '[') {
                i++;
                if (i < to && p[i] == '^') {
                    i++;
                }
                int ranges = 0;
                while (true) {
                    if (i < to && p[i] == ']' && ranges > 0) {
                        i++;
                        break;
                    }
                    int next = classChar(p, i, to);
                    if (next < 0) {
                        return false;
                    }
                    i = next;
                    if (p[i] == '-') {
                        i = classChar(p, i + 1, to);
                        if (i < 0) {
                            return false;
                        }
                    }
                    ranges++;
                }
            } else if (c == '\\') {
                i++;
                if (i >= to) {
                    return false;
                }
                i++;
            } else {
                i++;
            }
        }
        return true;
    }

    /** Go's {@code getEsc}: one class character; the index after it, or -1. It must not end the chunk. */
    private static int classChar(int[] p, int i, int to) {
        if (i >= to || p[i] == '-' || p[i] == ']') {
            return -1;
        }
        if (p[i] == '\\') {
            i++;
            if (i >= to) {
                return -1;
            }
        }
        i++;
        return i >= to ? -1 : i;
    }
}
