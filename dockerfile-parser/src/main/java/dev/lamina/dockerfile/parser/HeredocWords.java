package dev.lamina.dockerfile.parser;

import dev.lamina.dockerfile.shell.EnvLookup;
import dev.lamina.dockerfile.shell.ExpansionException;
import dev.lamina.dockerfile.shell.ShellLex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds heredoc openers the way BuildKit does: the instruction line is split into shell words keeping quotes,
 * escapes and variables as written, and each word is tested against {@code ^(\d*)<<(-?)\s*([^<]*)$}. The rest
 * must lex as exactly one word; if any part of it was quoted, the body is not expanded.
 */
final class HeredocWords {
    private static final ShellLex LINE = new ShellLex('\\', ShellLex.Options.DEFAULT.withRawQuotes(true)
            .withRawEscapes(true).withSkipUnsetEnv(true));
    private static final ShellLex WORD = new ShellLex('\\', ShellLex.Options.DEFAULT.withSkipUnsetEnv(true));
    private static final ShellLex WORD_RAW = WORD.withOptions(WORD.options().withRawQuotes(true));

    private HeredocWords() {
    }

    /** The openers on {@code line}, in order, with empty bodies. A line that does not lex has none. */
    static List<Heredoc> fromLine(String line) {
        List<String> words;
        try {
            words = LINE.expandWords(line, EnvLookup.empty());
        } catch (ExpansionException e) {
            return List.of(); // BuildKit ignores the error here: such a line simply has no heredoc
        }
        List<Heredoc> docs = new ArrayList<>();
        for (String word : words) {
            parse(word).ifPresent(docs::add);
        }
        return docs;
    }

    /** BuildKit's {@code ParseHeredoc}: the heredoc {@code word} opens, if it is one. */
    static Optional<Heredoc> parse(String word) {
        int i = 0;
        while (i < word.length() && word.charAt(i) >= '0' && word.charAt(i) <= '9') {
            i++;
        }
        String digits = word.substring(0, i);
        if (!word.startsWith("<<", i)) {
            return Optional.empty();
        }
        i += 2;
        boolean chomp = i < word.length() && word.charAt(i) == '-';
        if (chomp) {
            i++;
        }
        while (i < word.length() && isRegexSpace(word.charAt(i))) {
            i++;
        }
        String rest = word.substring(i);
        if (rest.indexOf('<') >= 0 || rest.isEmpty()) {
            return Optional.empty();
        }
        List<String> words = lex(WORD, rest);
        if (words.size() != 1) {
            return Optional.empty();
        }
        List<String> raw = lex(WORD_RAW, rest);
        if (raw.size() != 1) {
            throw new ParseFailure("internal lexing of heredoc produced inconsistent results: " + rest);
        }
        boolean expand = quotes(words.get(0)) == quotes(raw.get(0));
        return Optional.of(new Heredoc(words.get(0), fileDescriptor(digits), expand, chomp, ""));
    }

    private static List<String> lex(ShellLex lex, String rest) {
        try {
            return lex.expandWords(rest, EnvLookup.empty());
        } catch (ExpansionException e) {
            throw new ParseFailure(e.getMessage()); // unbalanced quotes in a heredoc word are an error
        }
    }

    /** Go's regexp {@code \s}. */
    private static boolean isRegexSpace(char c) {
        return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
    }

    private static int quotes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\'' || s.charAt(i) == '"') {
                n++;
            }
        }
        return n;
    }

    /** Go's {@code strconv.ParseUint} with its error ignored: 0 when absent, the maximum (here -1) on overflow. */
    private static long fileDescriptor(String digits) {
        if (digits.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
