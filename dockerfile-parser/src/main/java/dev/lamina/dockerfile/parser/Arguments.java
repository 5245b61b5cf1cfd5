package dev.lamina.dockerfile.parser;

import dev.lamina.dockerfile.text.GoJson;
import dev.lamina.dockerfile.text.GoQuote;
import dev.lamina.dockerfile.text.GoStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How each instruction's argument text becomes argument nodes (BuildKit's line parsers). Nothing is
 * unquoted or expanded here: values keep their quotes and escapes for the builder's expander.
 */
final class Arguments {
    /** The argument nodes of one instruction. */
    record Parsed(List<String> values, boolean json) {
        static final Parsed NONE = new Parsed(List.of(), false);
    }

    private Arguments() {
    }

    /** Parses {@code rest}, the trimmed text after the flags, for the instruction {@code keyword} (lower case). */
    static Parsed parse(String keyword, String rest, int escape) {
        return switch (keyword) {
            case "add", "copy", "volume" -> maybeJsonToList(rest);
            case "arg" -> new Parsed(words(rest, escape), false);
            case "cmd", "entrypoint", "run", "shell" -> maybeJson(rest);
            case "env" -> nameValue(rest, "ENV", escape);
            case "label" -> nameValue(rest, "LABEL", escape);
            case "expose", "from" -> new Parsed(whitespaceDelimited(rest), false);
            case "healthcheck" -> healthcheck(rest);
            case "maintainer", "stopsignal", "user", "workdir" -> rest.isEmpty() ? Parsed.NONE
                    : new Parsed(List.of(rest), false);
            default -> new Parsed(List.of(""), false); // unknown: BuildKit keeps the node, with one empty value
        };
    }

    /** Splits on runs of {@code [\t\v\f\r ]}; quotes mean nothing. */
    static List<String> whitespaceDelimited(String rest) {
        if (rest.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i <= rest.length()) {
            int end = i;
            while (end < rest.length() && !CommandLine.isSeparator(rest.charAt(end))) {
                end++;
            }
            out.add(rest.substring(i, end));
            if (end == rest.length()) {
                break;
            }
            i = end;
            while (i < rest.length() && CommandLine.isSeparator(rest.charAt(i))) {
                i++;
            }
        }
        return out;
    }

    /** The JSON-array form if {@code rest} is exactly a JSON array; a JSON array of non-strings is an error. */
    static Optional<List<String>> jsonArray(String rest) {
        String text = GoStrings.trimLeftSpace(rest);
        if (!text.startsWith("[")) {
            return Optional.empty();
        }
        Optional<List<GoJson.Element>> elements = GoJson.array(text);
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (GoJson.Element element : elements.get()) {
            values.add(element.string().orElseThrow(
                    () -> new ParseFailure("when using JSON array syntax, arrays must be comprised of strings only")));
        }
        return Optional.of(values);
    }

    /** RUN, CMD, ENTRYPOINT, SHELL: a JSON array, or the whole text as one value (shell form). */
    static Parsed maybeJson(String rest) {
        if (rest.isEmpty()) {
            return Parsed.NONE;
        }
        return jsonArray(rest).map(v -> new Parsed(v, true)).orElseGet(() -> new Parsed(List.of(rest), false));
    }

    /** ADD, COPY, VOLUME: a JSON array, or the words of the text. */
    static Parsed maybeJsonToList(String rest) {
        return jsonArray(rest).map(v -> new Parsed(v, true)).orElseGet(() -> new Parsed(whitespaceDelimited(rest), false));
    }

    /** HEALTHCHECK: the type word, then the rest as CMD parses it. BuildKit finds the word byte by byte. */
    private static Parsed healthcheck(String rest) {
        byte[] b = GoStrings.encode(rest);
        int sep = 0;
        while (sep < b.length && !GoStrings.isSpaceByte(b[sep] & 0xFF)) {
            sep++;
        }
        int next = sep;
        while (next < b.length && GoStrings.isSpaceByte(b[next] & 0xFF)) {
            next++;
        }
        if (sep == 0) {
            return Parsed.NONE;
        }
        Parsed command = maybeJson(GoStrings.decode(b, next, b.length));
        List<String> values = new ArrayList<>();
        values.add(GoStrings.decode(b, 0, sep));
        values.addAll(command.values());
        return new Parsed(values, command.json());
    }

    /**
     * ENV and LABEL: {@code key=value …} gives triples (key, value, "="); the legacy {@code key value} gives
     * (key, rest of the line, ""). Values keep their quotes.
     */
    private static Parsed nameValue(String rest, String instruction, int escape) {
        List<String> words = words(rest, escape);
        if (words.isEmpty()) {
            return Parsed.NONE;
        }
        if (!words.get(0).contains("=")) {
            int end = 0;
            while (end < rest.length() && !CommandLine.isSeparator(rest.charAt(end))) {
                end++;
            }
            if (end == rest.length()) {
                throw new ParseFailure(instruction + " must have two arguments");
            }
            int value = end;
            while (value < rest.length() && CommandLine.isSeparator(rest.charAt(value))) {
                value++;
            }
            return new Parsed(List.of(rest.substring(0, end), rest.substring(value), ""), false);
        }
        List<String> values = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new ParseFailure("Syntax error - can't find = in " + GoQuote.quote(word)
                        + ". Must be of the form: name=value");
            }
            values.add(word.substring(0, eq));
            values.add(word.substring(eq + 1));
            values.add("=");
        }
        return new Parsed(values, false);
    }

    /**
     * BuildKit's {@code parseWords}: white space outside quotes separates words; quotes and escapes are kept
     * in the words, but an escaped quote opens nothing, and inside single quotes the escape is plain. A
     * trailing escape is dropped.
     */
    static List<String> words(String rest, int escape) {
        List<String> words = new ArrayList<>();
        int[] cps = GoStrings.replaceInvalid(rest).codePoints().toArray();
        StringBuilder word = new StringBuilder();
        boolean inQuote = false;
        boolean inWord = false;
        boolean blankOk = false;
        int quote = 0;
        int n = cps.length;
        for (int pos = 0; pos < n; pos++) {
            int ch = cps[pos];
            if (!inWord && !inQuote) {
                if (GoStrings.isSpace(ch)) {
                    continue;
                }
                inWord = true;
            }
            if (!inQuote) {
                if (GoStrings.isSpace(ch)) {
                    if (blankOk || word.length() > 0) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    inWord = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    inQuote = true;
                }
                if (ch == escape) {
                    if (pos + 1 == n) {
                        continue;
                    }
                    word.appendCodePoint(ch);
                    ch = cps[++pos];
                }
                word.appendCodePoint(ch);
                continue;
            }
            if (ch == quote) {
                inQuote = false;
            }
            if (ch == escape && quote != '\'') {
                if (pos + 1 == n) {
                    inQuote = false;
                    continue;
                }
                word.appendCodePoint(ch);
                ch = cps[++pos];
            }
            word.appendCodePoint(ch);
        }
        if ((inWord || inQuote) && (blankOk || word.length() > 0)) {
            words.add(word.toString());
        }
        return words;
    }
}
