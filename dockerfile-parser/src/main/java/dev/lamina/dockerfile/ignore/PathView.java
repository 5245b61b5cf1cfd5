package dev.lamina.dockerfile.ignore;

import dev.lamina.dockerfile.text.GoStrings;

/**
 * A path and the prefixes of it a pattern is tried on (its parent directories, then itself), given as end
 * offsets. The rune form Go's regexp reads (an invalid byte as U+FFFD) is made only when a regular expression
 * needs it.
 */
final class PathView {
    private final String path;
    private final int[] charEnds;
    private final int count;
    private int[] runes;
    private int[] runeEnds;

    private PathView(String path, int[] charEnds, int count) {
        this.path = path;
        this.charEnds = charEnds;
        this.count = count;
    }

    /** The path alone, no parents. */
    static PathView whole(String path) {
        return new PathView(path, new int[] {path.length()}, 1);
    }

    /** The path and every parent directory of a clean relative path: ends at each {@code /}, then the end. */
    static PathView withParents(String path) {
        int slashes = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                slashes++;
            }
        }
        int[] ends = new int[slashes + 1];
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                ends[n++] = i;
            }
        }
        ends[n++] = path.length();
        return new PathView(path, ends, n);
    }

    String path() {
        return path;
    }

    int count() {
        return count;
    }

    int charEnd(int i) {
        return charEnds[i];
    }

    boolean hasEnd(int end) {
        for (int i = 0; i < count; i++) {
            if (charEnds[i] == end) {
                return true;
            }
        }
        return false;
    }

    int[] runes() {
        if (runes == null) {
            String text = GoStrings.replaceInvalid(path);
            if (hasSurrogates(text)) {
                runes = text.codePoints().toArray();
                runeEnds = new int[count];
                for (int i = 0; i < count; i++) {
                    runeEnds[i] = text.codePointCount(0, charEnds[i]);
                }
            } else {
                runes = new int[text.length()];
                for (int i = 0; i < runes.length; i++) {
                    runes[i] = text.charAt(i);
                }
                runeEnds = charEnds;
            }
        }
        return runes;
    }

    private static boolean hasSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    int[] runeEnds() {
        runes();
        return runeEnds;
    }
}
