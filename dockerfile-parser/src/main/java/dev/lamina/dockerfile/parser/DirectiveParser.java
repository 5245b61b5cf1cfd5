package dev.lamina.dockerfile.parser;

import dev.lamina.dockerfile.text.GoStrings;
import java.util.Optional;
import java.util.Set;

/**
 * BuildKit's directive scanner: reads lines from the top while each is a comment of the form
 * {@code name = value} naming {@code syntax}, {@code escape} or {@code check}; the first line that is not ends
 * directive processing for good. A repeated directive is an error.
 */
final class DirectiveParser {
    private static final Set<String> VALID = Set.of("syntax", "escape", "check");

    /** A repeated directive. */
    static final class Repeated extends RuntimeException {
        Repeated(String name) {
            super("only one " + name + " parser directive can be used", null, false, false);
        }
    }

    private final String commentPrefix;
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private int line;
    private boolean done;

    DirectiveParser(String commentPrefix, int firstLine) {
        this.commentPrefix = commentPrefix;
        this.line = firstLine;
    }

    boolean done() {
        return done;
    }

    /** Scans one line (the caller decides whether leading white space was removed). */
    Optional<Directive> parseLine(String text) {
        line++;
        if (done) {
            return Optional.empty();
        }
        if (!text.startsWith(commentPrefix)) {
            done = true;
            return Optional.empty();
        }
        String[] nameValue = nameValue(GoStrings.trimLeftSpace(text.substring(commentPrefix.length())));
        if (nameValue == null) {
            done = true;
            return Optional.empty();
        }
        String name = GoStrings.toLower(nameValue[0]);
        if (!VALID.contains(name)) {
            done = true;
            return Optional.empty();
        }
        if (!seen.add(name)) {
            throw new Repeated(name);
        }
        return Optional.of(new Directive(name, nameValue[1], line));
    }

    /**
     * BuildKit's {@code ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$}, read directly (a backtracking regular
     * expression would take quadratic time on a long line of blanks): the value is the text after {@code =} and
     * its blanks, trimmed; when only blanks follow {@code =}, the regular expression settles on the last one.
     */
    private static String[] nameValue(String s) {
        int i = 0;
        if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
            return null;
        }
        while (i < s.length() && (isAsciiLetter(s.charAt(i)) || s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
            i++;
        }
        String name = s.substring(0, i);
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        if (i == s.length() || s.charAt(i) != '=') {
            return null;
        }
        int afterEquals = ++i;
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return i == afterEquals ? null : new String[] {name, s.substring(i - 1)};
        }
        int end = s.length();
        while (isBlank(s.charAt(end - 1))) {
            end--;
        }
        return new String[] {name, s.substring(i, end)};
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** Go's regexp {@code \s}. */
    private static boolean isBlank(char c) {
        return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
    }
}
