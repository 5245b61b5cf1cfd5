package dev.lamina.dockerfile.ignore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A set of runes as Go's regexp syntax writes them: literals, ranges, Perl classes ({@code \d \s \w}, ASCII
 * only), POSIX classes ({@code [:alpha:]}), Unicode categories and scripts ({@code \pL}, {@code \p{Greek}}),
 * each possibly negated.
 */
final class RuneSet {
    static final IntPredicate ANY_BUT_NEWLINE = r -> r != '\n';
    static final IntPredicate DIGIT = r -> r >= '0' && r <= '9';
    static final IntPredicate SPACE = r -> r == '\t' || r == '\n' || r == '\f' || r == '\r' || r == ' ';
    static final IntPredicate WORD = r -> r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
            || r == '_';
    private static final Map<String, IntPredicate> POSIX = new HashMap<>();
    private static final Map<String, IntPredicate> UNICODE = new HashMap<>();

    static {
        POSIX.put("alnum", r -> DIGIT.test(r) || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z');
        POSIX.put("alpha", r -> r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z');
        POSIX.put("ascii", r -> r >= 0 && r <= 0x7F);
        POSIX.put("blank", r -> r == '\t' || r == ' ');
        POSIX.put("cntrl", r -> r >= 0 && r <= 0x1F || r == 0x7F);
        POSIX.put("digit", DIGIT);
        POSIX.put("graph", r -> r >= '!' && r <= '~');
        POSIX.put("lower", r -> r >= 'a' && r <= 'z');
        POSIX.put("print", r -> r >= ' ' && r <= '~');
        POSIX.put("punct", r -> r >= '!' && r <= '/' || r >= ':' && r <= '@' || r >= '[' && r <= '`'
                || r >= '{' && r <= '~');
        POSIX.put("space", r -> r == '\t' || r == '\n' || r == 0x0B || r == '\f' || r == '\r' || r == ' ');
        POSIX.put("upper", r -> r >= 'A' && r <= 'Z');
        POSIX.put("word", WORD);
        POSIX.put("xdigit", r -> DIGIT.test(r) || r >= 'A' && r <= 'F' || r >= 'a' && r <= 'f');

        category("Lu", Character.UPPERCASE_LETTER);
        category("Ll", Character.LOWERCASE_LETTER);
        category("Lt", Character.TITLECASE_LETTER);
        category("Lm", Character.MODIFIER_LETTER);
        category("Lo", Character.OTHER_LETTER);
        category("Mn", Character.NON_SPACING_MARK);
        category("Mc", Character.COMBINING_SPACING_MARK);
        category("Me", Character.ENCLOSING_MARK);
        category("Nd", Character.DECIMAL_DIGIT_NUMBER);
        category("Nl", Character.LETTER_NUMBER);
        category("No", Character.OTHER_NUMBER);
        category("Pc", Character.CONNECTOR_PUNCTUATION);
        category("Pd", Character.DASH_PUNCTUATION);
        category("Ps", Character.START_PUNCTUATION);
        category("Pe", Character.END_PUNCTUATION);
        category("Pi", Character.INITIAL_QUOTE_PUNCTUATION);
        category("Pf", Character.FINAL_QUOTE_PUNCTUATION);
        category("Po", Character.OTHER_PUNCTUATION);
        category("Sm", Character.MATH_SYMBOL);
        category("Sc", Character.CURRENCY_SYMBOL);
        category("Sk", Character.MODIFIER_SYMBOL);
        category("So", Character.OTHER_SYMBOL);
        category("Zs", Character.SPACE_SEPARATOR);
        category("Zl", Character.LINE_SEPARATOR);
        category("Zp", Character.PARAGRAPH_SEPARATOR);
        category("Cc", Character.CONTROL);
        category("Cf", Character.FORMAT);
        category("Co", Character.PRIVATE_USE);
        category("Cs", Character.SURROGATE);
        for (String major : List.of("L", "M", "N", "P", "S", "Z", "C")) {
            List<IntPredicate> parts = new ArrayList<>();
            UNICODE.forEach((name, p) -> {
                if (name.length() == 2 && name.startsWith(major)) {
                    parts.add(p);
                }
            });
            UNICODE.put(major, r -> parts.stream().anyMatch(p -> p.test(r)));
        }
        UNICODE.put("Any", r -> true);
        for (Character.UnicodeScript script : Character.UnicodeScript.values()) {
            if (script != Character.UnicodeScript.UNKNOWN) {
                UNICODE.put(goScriptName(script.name()), r -> r >= 0 && Character.UnicodeScript.of(r) == script);
            }
        }
        UNICODE.put("SignWriting", UNICODE.remove("Signwriting"));
    }

    private RuneSet() {
    }

    private static void category(String name, int type) {
        UNICODE.put(name, r -> r >= 0 && r <= Character.MAX_CODE_POINT && Character.getType(r) == type);
    }

    /** {@code OLD_ITALIC} as Go spells it: {@code Old_Italic}. */
    private static String goScriptName(String javaName) {
        StringBuilder out = new StringBuilder();
        for (String part : javaName.split("_")) {
            if (out.length() > 0) {
                out.append('_');
            }
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    /** The POSIX class {@code name} (without brackets and colons), or null. */
    static IntPredicate posix(String name) {
        return POSIX.get(name);
    }

    /** The Unicode category or script {@code name} as Go's tables name it, or null. */
    static IntPredicate unicode(String name) {
        return UNICODE.get(name);
    }

    static IntPredicate range(int lo, int hi) {
        return r -> r >= lo && r <= hi;
    }
}
