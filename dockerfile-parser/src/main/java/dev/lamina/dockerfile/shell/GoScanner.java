package dev.lamina.dockerfile.shell;

import dev.lamina.dockerfile.text.GoStrings;

/** What Go's {@code text/scanner} yields for a string, which BuildKit's lexers read through. */
final class GoScanner {
    static final int EOF = -1;

    private GoScanner() {
    }

    /**
     * The runes {@code text/scanner} returns: a byte-order mark at the very start is skipped, and an invalid
     * byte reads as U+FFFD.
     */
    static int[] runes(String s) {
        int[] cps = s.codePoints().toArray();
        int from = cps.length > 0 && cps[0] == 0xFEFF ? 1 : 0;
        int[] out = new int[cps.length - from];
        for (int i = from; i < cps.length; i++) {
            out[i - from] = GoStrings.isEscapedByte(cps[i]) ? 0xFFFD : cps[i];
        }
        return out;
    }

    /** Go's {@code %c} of a rune; EOF (-1) prints as U+FFFD. */
    static String goChar(int rune) {
        return rune < 0 ? "\uFFFD" : new String(Character.toChars(rune));
    }
}
