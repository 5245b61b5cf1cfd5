package dev.lamina.dockerfile.shell;

import java.util.Arrays;

/**
 * The shell patterns of {@code ${V#p}}, {@code ${V%p}} and {@code ${V/p/r}}: {@code *} is any run of
 * characters and {@code ?} any one character (neither crosses a newline, as in BuildKit, which compiles them to
 * a Go regular expression with {@code .}), {@code \*}, {@code \?} and {@code \\} are literal, {@code \}} and
 * {@code \/} are the bare character, any other escape is an error.
 *
 * <p>Matching is a set-of-states simulation, linear in the text for a given pattern, so that no pattern can
 * make an expansion hang (a backtracking regular expression could). It reproduces the regular expression's
 * leftmost-first choices: the shortest or longest anchored prefix, and for a search the leftmost start with the
 * longest end.
 */
final class ShellPattern {
    private static final int STAR = -1;
    private static final int ANY = -2;

    private final int[] tokens;

    private ShellPattern(int[] tokens) {
        this.tokens = tokens;
    }

    /** Compiles {@code pattern}; an error message is thrown as {@link IllegalArgumentException}. */
    static ShellPattern compile(String pattern) {
        int[] cps = GoScanner.runes(pattern);
        int[] out = new int[cps.length];
        int n = 0;
        for (int i = 0; i < cps.length; i++) {
            int tok = cps[i];
            if (tok == '*') {
                out[n++] = STAR;
            } else if (tok == '?') {
                out[n++] = ANY;
            } else if (tok == '\\') {
                int peek = i + 1 < cps.length ? cps[i + 1] : -1;
                if (peek == '}' || peek == '/') {
                    continue; // the escape only kept the ${…} syntax from ending; the character is literal
                }
                i++;
                if (peek != '*' && peek != '?' && peek != '\\') {
                    throw new IllegalArgumentException("invalid escape '\\" + GoScanner.goChar(peek) + "'");
                }
                out[n++] = peek;
            } else {
                out[n++] = tok;
            }
        }
        return new ShellPattern(Arrays.copyOf(out, n));
    }

    /**
     * The end of the shortest ({@code longest == false}) or longest prefix of {@code text[from..]} the pattern
     * matches, or -1.
     */
    int prefixEnd(int[] text, int from, boolean longest) {
        int m = tokens.length;
        boolean[] active = new boolean[m + 1];
        boolean[] next = new boolean[m + 1];
        add(active, 0);
        int best = -1;
        for (int pos = from; ; pos++) {
            if (active[m]) {
                best = pos;
                if (!longest) {
                    return best;
                }
            }
            if (pos == text.length || !step(active, next, text[pos])) {
                return best;
            }
            boolean[] t = active;
            active = next;
            next = t;
        }
    }

    /** The leftmost match in {@code text[from..]} with its longest end, as {@code {start, end}}, or null. */
    int[] find(int[] text, int from) {
        int m = tokens.length;
        int[] start = new int[m + 1];
        int[] nextStart = new int[m + 1];
        Arrays.fill(start, Integer.MAX_VALUE);
        int bestStart = -1;
        int bestEnd = -1;
        for (int pos = from; ; pos++) {
            if (bestStart < 0) {
                addThread(start, 0, pos); // a match may begin here, at lower priority than earlier starts
            }
            if (start[m] != Integer.MAX_VALUE && (bestStart < 0 || start[m] <= bestStart)) {
                bestStart = start[m];
                bestEnd = pos;
            }
            if (pos == text.length) {
                break;
            }
            Arrays.fill(nextStart, Integer.MAX_VALUE);
            boolean alive = false;
            int ch = text[pos];
            for (int i = 0; i < m; i++) {
                int s = start[i];
                if (s == Integer.MAX_VALUE || bestStart >= 0 && s > bestStart) {
                    continue;
                }
                int tok = tokens[i];
                if (tok == STAR) {
                    if (ch != '\n') {
                        addThread(nextStart, i, s);
                        alive = true;
                    }
                } else if (tok == ANY ? ch != '\n' : tok == ch) {
                    addThread(nextStart, i + 1, s);
                    alive = true;
                }
            }
            int[] t = start;
            start = nextStart;
            nextStart = t;
            if (!alive && bestStart >= 0) {
                break;
            }
        }
        return bestStart < 0 ? null : new int[] {bestStart, bestEnd};
    }

    private void addThread(int[] start, int state, int s) {
        for (int i = state; i < start.length; i++) {
            if (start[i] <= s) {
                return; // an earlier start already holds this state and everything it reaches
            }
            start[i] = s;
            if (i == tokens.length || tokens[i] != STAR) {
                return;
            }
        }
    }

    private void add(boolean[] active, int state) {
        for (int i = state; i <= tokens.length && !active[i]; i++) {
            active[i] = true;
            if (i == tokens.length || tokens[i] != STAR) {
                return;
            }
        }
    }

    private boolean step(boolean[] active, boolean[] next, int ch) {
        Arrays.fill(next, false);
        boolean any = false;
        for (int i = 0; i < tokens.length; i++) {
            if (!active[i]) {
                continue;
            }
            int tok = tokens[i];
            if (tok == STAR) {
                if (ch != '\n') {
                    add(next, i);
                    any = true;
                }
            } else if (tok == ANY ? ch != '\n' : tok == ch) {
                add(next, i + 1);
                any = true;
            }
        }
        return any;
    }

    /** The pattern read backwards, escapes kept in front of the character they escape ({@code a\*c → c\*a}). */
    static String reverse(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        int[] out = new int[cps.length];
        int last = cps.length - 1;
        for (int i = 0; i <= last; ) {
            if (cps[i] == '\\' && i != last) {
                out[last - i - 1] = '\\';
                out[last - i] = cps[i + 1];
                i += 2;
            } else {
                out[last - i] = cps[i];
                i++;
            }
        }
        return new String(out, 0, out.length);
    }
}
