package dev.lamina.dockerfile.parser;

import dev.lamina.dockerfile.text.GoStrings;
import java.util.ArrayList;
import java.util.List;

/**
 * A logical line split into keyword, builder flags and arguments (BuildKit's {@code splitCommand}).
 *
 * <p>The keyword ends at the first run of {@code [\t\v\f\r ]}. Leading words starting with {@code --} are
 * flags; inside them quotes are removed and the escape character escapes the next character; a lone
 * {@code --} ends the flags. BuildKit scans flags byte by byte, so a non-ASCII character inside a flag comes
 * out encoded twice ({@code é} reads as {@code Ã©}); this is reproduced because it is what BuildKit then
 * validates and prints.
 */
record CommandLine(String keyword, List<String> flags, String args) {
    private static final int SPACES = 0;
    private static final int WORD = 1;
    private static final int QUOTE = 2;

    static CommandLine split(String line, int escape) {
        String trimmed = GoStrings.trimSpace(line);
        int end = 0;
        while (end < trimmed.length() && !isSeparator(trimmed.charAt(end))) {
            end++;
        }
        String keyword = trimmed.substring(0, end);
        if (end == trimmed.length()) {
            return new CommandLine(keyword, List.of(), "");
        }
        int rest = end;
        while (rest < trimmed.length() && isSeparator(trimmed.charAt(rest))) {
            rest++;
        }
        return extractFlags(keyword, GoStrings.encode(trimmed.substring(rest)), escape);
    }

    /** BuildKit's {@code [\t\v\f\r ]}, which is narrower than Go's idea of white space. */
    static boolean isSeparator(char c) {
        return c == '\t' || c == 0x0B || c == '\f' || c == '\r' || c == ' ';
    }

    private static CommandLine extractFlags(String keyword, byte[] line, int escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int phase = SPACES;
        int quote = 0;
        boolean blankOk = false;
        int n = line.length;
        for (int pos = 0; pos <= n; pos++) {
            int ch = pos < n ? line[pos] & 0xFF : -1;
            if (phase == SPACES) {
                if (pos == n) {
                    break;
                }
                if (GoStrings.isSpaceByte(ch)) {
                    continue;
                }
                if (ch != '-' || pos + 1 == n || line[pos + 1] != '-') {
                    return rest(keyword, words, line, pos);
                }
                phase = WORD;
            }
            if (pos == n) {
                if (!word.toString().equals("--") && (blankOk || word.length() > 0)) {
                    words.add(word.toString());
                }
                break;
            }
            if (phase == WORD) {
                if (GoStrings.isSpaceByte(ch)) {
                    phase = SPACES;
                    if (word.toString().equals("--")) {
                        return rest(keyword, words, line, pos);
                    }
                    if (blankOk || word.length() > 0) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = QUOTE;
                    continue;
                }
                if (ch == escape) {
                    if (pos + 1 == n) {
                        continue;
                    }
                    ch = line[++pos] & 0xFF;
                }
                word.append((char) ch);
                continue;
            }
            if (ch == quote) {
                phase = WORD;
                continue;
            }
            if (ch == escape) {
                if (pos + 1 == n) {
                    phase = WORD;
                    continue;
                }
                ch = line[++pos] & 0xFF;
            }
            word.append((char) ch);
        }
        return new CommandLine(keyword, words, "");
    }

    private static CommandLine rest(String keyword, List<String> flags, byte[] line, int from) {
        return new CommandLine(keyword, flags, GoStrings.trimSpace(GoStrings.decode(line, from, line.length)));
    }
}
