package dev.lamina.dockerfile.shell;

import dev.lamina.dockerfile.text.GoStrings;

/**
 * {@code ${V/p/r}} and {@code ${V//p/r}} as BuildKit computes them with Go's regexp package: the first form
 * splices {@code r} in literally, the second goes through {@code ReplaceAllString}, whose replacement is a
 * template ({@code $0} or {@code ${0}} is the match, {@code $$} a dollar, any other {@code $name} nothing) and
 * whose empty matches right after a previous match are skipped.
 */
final class Replacement {
    private Replacement() {
    }

    static String replaceFirst(ShellPattern pattern, int[] text, String replacement) {
        int[] match = pattern.find(text, 0);
        if (match == null) {
            return new String(text, 0, text.length);
        }
        return new String(text, 0, match[0]) + replacement + new String(text, match[1], text.length - match[1]);
    }

    static String replaceAll(ShellPattern pattern, int[] text, String replacement) {
        StringBuilder out = new StringBuilder();
        int lastMatchEnd = 0;
        int searchPos = 0;
        while (searchPos <= text.length) {
            int[] match = pattern.find(text, searchPos);
            if (match == null) {
                break;
            }
            out.append(new String(text, lastMatchEnd, match[0] - lastMatchEnd));
            if (match[1] > lastMatchEnd || match[0] == 0) {
                expand(out, replacement, text, match);
            }
            lastMatchEnd = match[1];
            int width = searchPos < text.length ? 1 : 0;
            if (searchPos + width > match[1]) {
                searchPos += width;
            } else if (searchPos + 1 > match[1]) {
                searchPos++;
            } else {
                searchPos = match[1];
            }
        }
        out.append(new String(text, lastMatchEnd, text.length - lastMatchEnd));
        return out.toString();
    }

    /** Go's {@code Regexp.Expand} for a regular expression without groups. */
    private static void expand(StringBuilder out, String template, int[] text, int[] match) {
        int i = 0;
        while (i < template.length()) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                break;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            int end = i;
            boolean brace = end < template.length() && template.charAt(end) == '{';
            if (brace) {
                end++;
            }
            int nameStart = end;
            while (end < template.length()) {
                int cp = template.codePointAt(end);
                if (!GoStrings.isLetter(cp) && !GoStrings.isDigit(cp) && cp != '_') {
                    break;
                }
                end += Character.charCount(cp);
            }
            String name = template.substring(nameStart, end);
            if (name.isEmpty() || brace && (end >= template.length() || template.charAt(end) != '}')) {
                out.append('$'); // malformed: the dollar is plain text
                continue;
            }
            i = brace ? end + 1 : end;
            if (name.equals("0")) {
                out.append(new String(text, match[0], match[1] - match[0]));
            }
        }
        out.append(template, i, template.length());
    }
}
