package dev.lamina.dockerfile;

import dev.lamina.dockerfile.text.GoQuote;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code # check=} directive: which build checks to skip ({@code skip=Rule1,Rule2} or {@code skip=all}) and
 * whether findings fail the build ({@code error=true}), parsed as BuildKit's {@code ParseLintOptions} does.
 */
public record Checks(boolean skipAll, Set<String> skip, boolean error) {
    public static final Checks DEFAULT = new Checks(false, Set.of(), false);

    public Checks {
        skip = Set.copyOf(skip);
    }

    /** Parses the directive's value; a malformed option is thrown as {@link IllegalArgumentException}. */
    public static Checks parse(String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            return DEFAULT;
        }
        boolean skipAll = false;
        Set<String> skip = Set.of();
        boolean error = false;
        String[] parts = text.split(";", 2);
        for (String part : parts) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("invalid check option " + GoQuote.quote(part));
            }
            String key = part.substring(0, eq).strip();
            String v = part.substring(eq + 1).strip();
            switch (key) {
                case "skip" -> {
                    if (v.equals("all")) {
                        skipAll = true;
                    } else {
                        skip = Arrays.stream(v.split(",", -1)).map(String::strip).collect(Collectors.toSet());
                    }
                }
                case "error" -> error = parseBool(v).orElseThrow(() -> new IllegalArgumentException(
                        "failed to parse check option " + GoQuote.quote(part) + ": strconv.ParseBool: parsing "
                                + GoQuote.quote(v) + ": invalid syntax"));
                default -> throw new IllegalArgumentException("invalid check option " + GoQuote.quote(key));
            }
        }
        return new Checks(skipAll, skip, error);
    }

    /** Whether findings of {@code rule} are reported. */
    public boolean reports(String rule) {
        return !skipAll && !skip.contains(rule);
    }

    private static Optional<Boolean> parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
            case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
