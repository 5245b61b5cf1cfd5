package dev.lamina.dockerfile.shell;

import dev.lamina.dockerfile.text.GoStrings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One expansion of one word: a cursor over its runes and the state BuildKit's {@code shellWord} keeps. Errors
 * are thrown as {@link Failure} carrying BuildKit's reason; {@link ShellLex} adds the word.
 */
final class WordScanner {
    static final class Failure extends RuntimeException {
        Failure(String reason) {
            super(reason, null, false, false);
        }
    }

    private record Part(String result, List<String> words) {
    }

    private final int[] runes;
    private final int escape;
    private final ShellLex.Options options;
    private final EnvLookup env;
    private final Set<String> matched = new LinkedHashSet<>();
    private final Set<String> unmatched = new LinkedHashSet<>();
    private boolean rawEscapes;
    private int pos;

    WordScanner(String word, int escape, ShellLex.Options options, EnvLookup env) {
        this.runes = GoScanner.runes(word);
        this.escape = escape;
        this.options = options;
        this.env = env;
        this.rawEscapes = options.rawEscapes();
    }

    Expansion run() {
        Part part = processStopOn(GoScanner.EOF, options.rawEscapes());
        return new Expansion(part.result, part.words, matched, unmatched);
    }

    private int peek() {
        return pos < runes.length ? runes[pos] : GoScanner.EOF;
    }

    private int next() {
        return pos < runes.length ? runes[pos++] : GoScanner.EOF;
    }

    /** Reads up to {@code stop} (consumed) or the end; the words are split as BuildKit's ProcessWords splits. */
    private Part processStopOn(int stop, boolean raw) {
        boolean saved = rawEscapes;
        rawEscapes = raw;
        try {
            StringBuilder result = new StringBuilder();
            Words words = new Words();
            while (peek() != GoScanner.EOF) {
                int ch = peek();
                if (stop != GoScanner.EOF && ch == stop) {
                    next();
                    return new Part(result.toString(), words.finish());
                }
                if (ch == '$') {
                    String value = processDollar();
                    result.append(value);
                    words.addString(value);
                } else if (ch == '\'' && !options.skipProcessQuotes()) {
                    String value = processSingleQuote();
                    result.append(value);
                    words.addRaw(value);
                } else if (ch == '"' && !options.skipProcessQuotes()) {
                    String value = processDoubleQuote();
                    result.append(value);
                    words.addRaw(value);
                } else if (ch == '<') {
                    String value = processPossibleHeredoc();
                    result.append(value);
                    words.addRaw(value);
                } else {
                    ch = next();
                    if (ch == escape) {
                        if (rawEscapes) {
                            words.addRawChar(ch);
                            result.appendCodePoint(ch);
                        }
                        ch = next();
                        if (ch == GoScanner.EOF) {
                            break; // a trailing escape is dropped
                        }
                        words.addRawChar(ch);
                    } else {
                        words.addChar(ch);
                    }
                    result.appendCodePoint(ch);
                }
            }
            if (stop != GoScanner.EOF) {
                throw new Failure("unexpected end of statement while looking for matching " + GoScanner.goChar(stop));
            }
            return new Part(result.toString(), words.finish());
        } finally {
            rawEscapes = saved;
        }
    }

    private String processSingleQuote() {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (options.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            ch = next();
            if (ch == GoScanner.EOF) {
                throw new Failure("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                if (options.rawQuotes()) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    private String processDoubleQuote() {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (options.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            int peek = peek();
            if (peek == GoScanner.EOF) {
                throw new Failure("unexpected end of statement while looking for matching double-quote");
            }
            if (peek == '"') {
                ch = next();
                if (options.rawQuotes()) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            if (peek == '$') {
                result.append(processDollar());
                continue;
            }
            ch = next();
            if (ch == escape) {
                if (rawEscapes) {
                    result.appendCodePoint(ch);
                }
                int after = peek();
                if (after == GoScanner.EOF) {
                    continue; // the missing closing quote is reported on the next turn
                }
                if (after == '"' || after == '$' || after == escape) {
                    ch = next(); // only these can be escaped inside double quotes; other escapes stay as written
                }
            }
            result.appendCodePoint(ch);
        }
    }

    /**
     * {@code <<} (or {@code <<-}) and the blanks after it stay in one word, so that {@code <<  EOF} and
     * {@code <<- EOF} read as one heredoc opener.
     */
    private String processPossibleHeredoc() {
        next();
        if (peek() != '<') {
            return "<";
        }
        next();
        StringBuilder result = new StringBuilder("<<");
        if (peek() == '-') {
            result.appendCodePoint(next());
        }
        while (peek() == ' ' || peek() == '\t') {
            result.appendCodePoint(next());
        }
        return result.toString();
    }

    private String processDollar() {
        next();
        if (peek() != '{') {
            String name = processName();
            if (name.isEmpty()) {
                return "$";
            }
            Optional<String> value = lookup(name);
            if (value.isEmpty() && options.skipUnsetEnv()) {
                return "$" + name;
            }
            return value.orElse("");
        }
        next();
        int first = peek();
        if (first == GoScanner.EOF) {
            throw new Failure("syntax error: missing '}'");
        }
        if (first == '{' || first == '}' || first == ':') {
            throw new Failure("syntax error: bad substitution");
        }
        String name = processName();
        int ch = next();
        String modifier = GoScanner.goChar(ch);
        boolean nullIsUnset = false;
        switch (ch) {
            case '}': {
                Optional<String> value = lookup(name);
                if (value.isEmpty() && options.skipUnsetEnv()) {
                    return "${" + name + "}";
                }
                return value.orElse("");
            }
            case ':':
                nullIsUnset = true;
                ch = next();
                modifier += GoScanner.goChar(ch);
                return modify(name, ch, modifier, true);
            case '+', '-', '?', '#', '%':
                return modify(name, ch, modifier, nullIsUnset);
            case '/':
                return replace(name);
            default:
                throw unsupported(modifier);
        }
    }

    private Failure unsupported(String modifier) {
        return new Failure("unsupported modifier (" + modifier + ") in substitution");
    }

    private String modify(String name, int op, String modifier, boolean nullIsUnset) {
        boolean patternWord = op == '#' || op == '%';
        if (nullIsUnset && patternWord) {
            throw unsupported(modifier);
        }
        String word = processStopOn('}', patternWord, "syntax error: missing '}'");
        Optional<String> value = lookup(name);
        if (value.isEmpty() && options.skipUnsetEnv()) {
            return "${" + name + modifier + word + "}";
        }
        boolean set = value.isPresent();
        String v = value.orElse("");
        boolean empty = !set || nullIsUnset && v.isEmpty();
        switch (op) {
            case '-':
                return empty ? word : v;
            case '+':
                return empty ? "" : word;
            case '?':
                if (!set) {
                    throw new Failure(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                if (nullIsUnset && v.isEmpty()) {
                    throw new Failure(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                }
                return v;
            case '%', '#': {
                boolean longest = !word.isEmpty() && word.charAt(0) == op;
                String pattern = longest ? word.substring(1) : word;
                return op == '#' ? trimPrefix(pattern, v, longest) : trimSuffix(pattern, v, longest);
            }
            default:
                throw unsupported(modifier);
        }
    }

    /** {@link #processStopOn} whose "unterminated" failure at the end of the word reads as {@code atEnd}. */
    private String processStopOn(int stop, boolean raw, String atEnd) {
        try {
            return processStopOn(stop, raw).result;
        } catch (Failure f) {
            if (peek() == GoScanner.EOF) {
                throw new Failure(atEnd);
            }
            throw f;
        }
    }

    private String replace(String name) {
        boolean all = peek() == '/';
        if (all) {
            next();
        }
        String pattern = processStopOn('/', true, "syntax error: missing '/' in ${}");
        String replacement = processStopOn('}', true, "syntax error: missing '}'");
        Optional<String> value = lookup(name);
        if (value.isEmpty() && options.skipUnsetEnv()) {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }
        ShellPattern compiled = compile(pattern);
        int[] text = value.orElse("").codePoints().toArray();
        return all ? Replacement.replaceAll(compiled, text, replacement) : Replacement.replaceFirst(compiled, text,
                replacement);
    }

    private static ShellPattern compile(String pattern) {
        try {
            return ShellPattern.compile(pattern);
        } catch (IllegalArgumentException e) {
            throw new Failure("invalid pattern (" + pattern + ") in substitution: " + e.getMessage());
        }
    }

    private static String trimPrefix(String pattern, String value, boolean longest) {
        int[] text = value.codePoints().toArray();
        int end = compile(pattern).prefixEnd(text, 0, longest);
        return end < 0 ? value : new String(text, end, text.length - end);
    }

    /** A suffix is a prefix of the reversed text, matched by the reversed pattern (as BuildKit does it). */
    private static String trimSuffix(String pattern, String value, boolean longest) {
        String reversed = new StringBuilder(value).reverse().toString();
        String trimmed = trimPrefix(ShellPattern.reverse(pattern), reversed, longest);
        return new StringBuilder(trimmed).reverse().toString();
    }

    private String processName() {
        StringBuilder name = new StringBuilder();
        while (peek() != GoScanner.EOF) {
            int ch = peek();
            if (name.length() == 0 && GoStrings.isDigit(ch)) {
                while (peek() != GoScanner.EOF && GoStrings.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.length() == 0 && isSpecialParameter(ch)) {
                next();
                return GoScanner.goChar(ch);
            }
            if (!GoStrings.isLetter(ch) && !GoStrings.isDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    private static boolean isSpecialParameter(int ch) {
        return ch == '@' || ch == '*' || ch == '#' || ch == '?' || ch == '-' || ch == '$' || ch == '!' || ch == '0';
    }

    private Optional<String> lookup(String name) {
        Optional<String> value = env.get(name);
        (value.isPresent() ? matched : unmatched).add(name);
        return value;
    }

    /** The word splitting of ProcessWords: unquoted white space ends a word, quoted text never does. */
    private static final class Words {
        private final List<String> words = new ArrayList<>();
        private final StringBuilder buf = new StringBuilder();
        private boolean inWord;

        void addChar(int ch) {
            if (GoStrings.isSpace(ch)) {
                if (inWord && buf.length() != 0) {
                    words.add(buf.toString());
                    buf.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            buf.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRaw(String s) {
            buf.append(s);
            inWord = true;
        }

        List<String> finish() {
            if (buf.length() > 0) {
                words.add(buf.toString());
                buf.setLength(0);
                inWord = false;
            }
            return words;
        }
    }
}
