package dev.lamina.builder.copy;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code path/filepath.Match} (Unix rules), which BuildKit uses for COPY and ADD wildcards: {@code *} is any
 * run of characters but {@code /}, {@code ?} one such character, {@code [a-z]} and {@code [^…]} classes, {@code \}
 * escapes. A malformed pattern matches nothing.
 */
final class GoGlob {
    private GoGlob() {
    }

    /** Whether a source path has wildcards ({@code *}, {@code ?}, {@code [}), escapes skipped. */
    static boolean hasWildcards(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /**
     * Splits a path at its first component with a wildcard: {@code ["src", "*.go"]} for {@code src/*.go},
     * {@code ["", "*"]} for {@code *}.
     */
    static String[] split(String path) {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        boolean found = false;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            found |= hasWildcards(part);
            (found ? after : before).add(part);
        }
        return new String[] {String.join("/", before), String.join("/", after)};
    }

    static boolean matches(String pattern, String name) {
        try {
            return match(pattern.codePoints().toArray(), 0, name.codePoints().toArray(), 0);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean match(int[] p, int pi, int[] s, int si) {
        while (pi < p.length) {
            int c = p[pi];
            if (c == '*') {
                while (pi < p.length && p[pi] == '*') {
                    pi++;
                }
                if (pi == p.length) {
                    for (int k = si; k < s.length; k++) {
                        if (s[k] == '/') {
                            return false;
                        }
                    }
                    return true;
                }
                for (int k = si; k <= s.length; k++) {
                    if (match(p, pi, s, k)) {
                        return true;
                    }
                    if (k < s.length && s[k] == '/') {
                        return false;
                    }
                }
                return false;
            }
            if (si >= s.length) {
                return false;
            }
            if (c == '?') {
                if (s[si] == '/') {
                    return false;
                }
                pi++;
                si++;
            } else if (c == '[') {
                int end = classEnd(p, pi);
                if (s[si] == '/' || !classMatches(p, pi + 1, end, s[si])) {
                    return false;
                }
                pi = end + 1;
                si++;
            } else {
                if (c == '\\') {
                    pi++;
                    if (pi >= p.length) {
                        throw new IllegalArgumentException("trailing backslash");
                    }
                    c = p[pi];
                }
                if (s[si] != c) {
                    return false;
                }
                pi++;
                si++;
            }
        }
        return si == s.length;
    }

    /** The index of the {@code ]} closing the class opened at {@code open}. */
    private static int classEnd(int[] p, int open) {
        int i = open + 1;
        if (i < p.length && p[i] == '^') {
            i++;
        }
        boolean first = true;
        while (i < p.length) {
            if (p[i] == ']' && !first) {
                return i;
            }
            if (p[i] == '\\') {
                i++;
            }
            first = false;
            i++;
        }
        throw new IllegalArgumentException("unclosed class");
    }

    private static boolean classMatches(int[] p, int from, int end, int ch) {
        boolean negated = from < end && p[from] == '^';
        int i = negated ? from + 1 : from;
        boolean matched = false;
        while (i < end) {
            int lo = p[i] == '\\' ? p[++i] : p[i];
            i++;
            int hi = lo;
            if (i + 1 < end && p[i] == '-') {
                hi = p[i + 1] == '\\' ? p[i + 2] : p[i + 1];
                i += p[i + 1] == '\\' ? 3 : 2;
            }
            if (lo <= ch && ch <= hi) {
                matched = true;
            }
        }
        return matched != negated;
    }
}
