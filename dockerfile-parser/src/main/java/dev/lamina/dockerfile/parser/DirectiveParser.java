package dev.lamina.dockerfile.parser;

import dev.lamina.dockerfile.text.GoStrings;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BuildKit's directive scanner: reads lines from the top while each is a comment of the form
 * {@code name = value} naming {@code syntax}, {@code escape} or {@code check}; the first line that is not ends
 * directive processing for good. A repeated directive is an error.
 */
final class DirectiveParser {
    private static final Set<String> VALID = Set.of("syntax", "escape", "check");
    // Go's \s is [\t\n\f\r ]; UNIX_LINES keeps "." from stopping at anything but \n, as Go's does.
    private static final Pattern DIRECTIVE = Pattern.compile(
            "^([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*$", Pattern.UNIX_LINES);

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
        Matcher m = DIRECTIVE.matcher(GoStrings.trimLeftSpace(text.substring(commentPrefix.length())));
        if (!m.matches()) {
            done = true;
            return Optional.empty();
        }
        String name = GoStrings.toLower(m.group(1));
        if (!VALID.contains(name)) {
            done = true;
            return Optional.empty();
        }
        if (!seen.add(name)) {
            throw new Repeated(name);
        }
        return Optional.of(new Directive(name, m.group(2), line));
    }
}
