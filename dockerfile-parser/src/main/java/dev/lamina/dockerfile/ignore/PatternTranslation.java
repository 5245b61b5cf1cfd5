package dev.lamina.dockerfile.ignore;

import dev.lamina.dockerfile.text.GoStrings;

/**
 * moby's conversion of a cleaned pattern to its kind and Go regular expression ({@code Pattern.compile}):
 * {@code *} is {@code [^/]*}, {@code ?} is {@code [^/]}, {@code **} is an optional run of directories (or
 * {@code .*} at the end), {@code .+()|{}$} are escaped, and everything else, brackets and backslash escapes included, is copied into
 * the expression as it is. The expression is then Go's to interpret, quirks included ({@code [*]} becomes
 * {@code [[^/]*]}, whose class ends early), which is why it is kept as text and read by {@link GoRegex}.
 */
record PatternTranslation(PatternKind kind, String regex) {
    private static final String ESCAPED = ".+()|{}$";

    static PatternTranslation of(String pattern) {
        int[] runes = GoStrings.scannerRunes(pattern);
        StringBuilder re = new StringBuilder("^");
        PatternKind kind = PatternKind.EXACT;
        int pos = 0;
        for (int i = 0; pos < runes.length; i++) {
            int ch = runes[pos++];
            int peek = pos < runes.length ? runes[pos] : -1;
            if (ch == '*') {
                if (peek == '*') {
                    pos++;
                    if (pos < runes.length && runes[pos] == '/') {
                        pos++;
                    }
                    if (pos == runes.length) {
                        if (kind == PatternKind.EXACT) {
                            kind = PatternKind.PREFIX;
                        } else {
                            re.append(".*");
                            kind = PatternKind.REGEXP;
                        }
                    } else {
                        re.append("(.*/)?");
                        kind = PatternKind.REGEXP;
                    }
                    if (i == 0) {
                        kind = PatternKind.SUFFIX;
                    }
                } else {
                    re.append("[^/]*");
                    kind = PatternKind.REGEXP;
                }
            } else if (ch == '?') {
                re.append("[^/]");
                kind = PatternKind.REGEXP;
            } else if (ch < 0x80 && ESCAPED.indexOf(ch) >= 0) {
                re.append('\\').appendCodePoint(ch);
            } else if (ch == '\\') {
                if (peek >= 0) {
                    re.append('\\').appendCodePoint(runes[pos++]);
                    kind = PatternKind.REGEXP;
                } else {
                    re.append('\\');
                }
            } else if (ch == '[' || ch == ']') {
                re.appendCodePoint(ch);
                kind = PatternKind.REGEXP;
            } else {
                re.appendCodePoint(ch);
            }
        }
        if (kind == PatternKind.REGEXP) {
            re.append('$');
        }
        return new PatternTranslation(kind, kind == PatternKind.REGEXP ? re.toString() : "");
    }
}
