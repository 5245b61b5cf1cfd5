package dev.lamina.dockerfile.shell;

import dev.lamina.dockerfile.text.GoStrings;

/** What Go's {@code text/scanner} yields for a string, which BuildKit's lexers read through. */
final class GoScanner {
    static final int EOF = -1;

    private GoScanner() {
    }

    /** See {@link GoStrings#scannerRunes}. */
    static int[] runes(String s) {
        return GoStrings.scannerRunes(s);
    }

    /** Go's {@code %c} of a rune; EOF (-1) prints as U+FFFD. */
    static String goChar(int rune) {
        return rune < 0 ? "\uFFFD" : new String(Character.toChars(rune));
    }
}
