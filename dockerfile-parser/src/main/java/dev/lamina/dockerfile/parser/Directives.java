package dev.lamina.dockerfile.parser;

import dev.lamina.dockerfile.text.GoJson;
import java.util.List;
import java.util.Optional;

/**
 * The parser directives of a Dockerfile: what the parser applied while reading ({@code escape}) and what the
 * build reads from the file's head ({@code syntax}, {@code check}), found as BuildKit finds them.
 *
 * @param escape the escape character in force, {@code \} or {@code `}
 * @param parsed the directives at the top of the file, in order, as the parser read them
 * @param syntax the {@code syntax} directive as BuildKit's frontend detection finds it (it also accepts a
 *     {@code //syntax=} line, a whole-file JSON object and a leading {@code #!} line)
 * @param check the {@code check} directive (lint options such as {@code skip=RuleName;error=true})
 */
public record Directives(int escape, List<Directive> parsed, Optional<Found> syntax, Optional<Found> check) {
    public Directives {
        parsed = List.copyOf(parsed);
    }

    /** A directive found by BuildKit's detection: {@code ref} is the value up to the first space. */
    public record Found(String ref, String cmdline, int line) {
    }

    /** BuildKit's {@code DetectSyntax}. */
    public static Optional<Found> detectSyntax(String text) {
        return detect("syntax", text, true);
    }

    /** BuildKit's {@code ParseDirective(key, …)}: only the {@code #} comment form. */
    public static Optional<Found> detect(String key, String text) {
        return detect(key, text, false);
    }

    private static Optional<Found> detect(String key, String text, boolean anyFormat) {
        String dt = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int line = 0;
        int nl = dt.indexOf('\n');
        if ((nl < 0 ? dt : dt.substring(0, nl)).startsWith("#!")) {
            dt = nl < 0 ? "" : dt.substring(nl + 1);
            line = 1;
        }
        Optional<Found> found = scan(key, dt, "#", line);
        if (found.isPresent() || !anyFormat) {
            return found;
        }
        found = scan(key, dt, "//", line);
        if (found.isPresent()) {
            return found;
        }
        int directiveLine = line;
        return GoJson.object(dt).map(members -> members.get(key))
                .flatMap(GoJson.Element::string)
                .map(v -> new Found(v, v, directiveLine));
    }

    private static Optional<Found> scan(String key, String text, String prefix, int firstLine) {
        DirectiveParser parser = new DirectiveParser(prefix, firstLine);
        for (int start = 0; start <= text.length() && !parser.done(); ) {
            int nl = text.indexOf('\n', start);
            String line = text.substring(start, nl < 0 ? text.length() : nl);
            start = nl < 0 ? text.length() + 1 : nl + 1;
            Optional<Directive> directive;
            try {
                directive = parser.parseLine(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            } catch (DirectiveParser.Repeated e) {
                break; // detection keeps what it found before the error
            }
            if (directive.isPresent() && directive.get().name().equals(key)) {
                String value = directive.get().value();
                int space = value.indexOf(' ');
                return Optional.of(new Found(space < 0 ? value : value.substring(0, space), value,
                        directive.get().line()));
            }
        }
        return Optional.empty();
    }
}
