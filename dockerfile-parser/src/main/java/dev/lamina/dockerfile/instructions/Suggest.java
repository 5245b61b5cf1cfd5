package dev.lamina.dockerfile.instructions;

import dev.lamina.dockerfile.text.GoStrings;
import java.util.List;

/** BuildKit's "(did you mean X?)": the closest option within an edit distance of 2, matched in case. */
final class Suggest {
    private Suggest() {
    }

    static String withSuggestion(String message, String value, List<String> options, boolean caseSensitive) {
        return closest(value, options, caseSensitive).map(m -> message + " (did you mean " + m + "?)").orElse(message);
    }

    static java.util.Optional<String> closest(String value, List<String> options, boolean caseSensitive) {
        String v = caseSensitive ? value : GoStrings.toLower(value);
        String match = null;
        int best = 3;
        for (String option : options) {
            String o = caseSensitive ? option : GoStrings.toLower(option);
            if (v.equals(o)) {
                return java.util.Optional.empty(); // an exact match means the error is about something else
            }
            int distance = distance(v, o);
            if (distance < best) {
                best = distance;
                match = caseSensitive ? o : matchCase(o, value);
            }
        }
        return java.util.Optional.ofNullable(match);
    }

    private static String matchCase(String option, String original) {
        if (original.equals(GoStrings.toLower(original))) {
            return GoStrings.toLower(option);
        }
        if (original.equals(GoStrings.toUpper(original))) {
            return GoStrings.toUpper(option);
        }
        return option;
    }

    /** Levenshtein distance over code points. */
    static int distance(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            current[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[y.length];
    }
}
