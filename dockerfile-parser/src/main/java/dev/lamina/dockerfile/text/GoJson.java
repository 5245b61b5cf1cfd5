package dev.lamina.dockerfile.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough of Go's {@code encoding/json} to decide what BuildKit decides: whether a text is exactly one
 * valid JSON value (white space around it allowed), and the strings at its top level. Nested values are
 * validated but not kept. Strings decode as Go decodes them (an invalid byte or a lone surrogate escape becomes
 * U+FFFD). Nesting deeper than Go's limit of 10000 is invalid, and nothing here recurses, so no input can
 * exhaust the stack.
 */
public final class GoJson {
    /** A top-level element or member: a string, or something else (number, object, array, literal). */
    public record Element(Optional<String> string) {
    }

    private static final int MAX_DEPTH = 10_000;

    private final String s;
    private int pos;

    private GoJson(String s) {
        this.s = s;
    }

    /** The elements of {@code text} if it is exactly one valid JSON array, else empty. */
    public static Optional<List<Element>> array(String text) {
        GoJson json = new GoJson(text);
        try {
            json.skipSpace();
            if (json.peek() != '[') {
                return Optional.empty();
            }
            List<Element> elements = json.readArrayTop();
            json.skipSpace();
            return json.pos == text.length() ? Optional.of(elements) : Optional.empty();
        } catch (Invalid e) {
            return Optional.empty();
        }
    }

    /** The members of {@code text} if it is exactly one valid JSON object, else empty (the last duplicate wins). */
    public static Optional<Map<String, Element>> object(String text) {
        GoJson json = new GoJson(text);
        try {
            json.skipSpace();
            if (json.peek() != '{') {
                return Optional.empty();
            }
            Map<String, Element> members = json.readObjectTop();
            json.skipSpace();
            return json.pos == text.length() ? Optional.of(members) : Optional.empty();
        } catch (Invalid e) {
            return Optional.empty();
        }
    }

    private static final class Invalid extends RuntimeException {
        Invalid() {
            super(null, null, false, false);
        }
    }

    private int peek() {
        return pos < s.length() ? s.charAt(pos) : -1;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new Invalid();
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private List<Element> readArrayTop() {
        expect('[');
        List<Element> out = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            skipSpace();
            out.add(readElement());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                return out;
            }
        }
    }

    private Map<String, Element> readObjectTop() {
        expect('{');
        Map<String, Element> out = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipSpace();
            String key = readString();
            skipSpace();
            expect(':');
            skipSpace();
            out.put(key, readElement());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                return out;
            }
        }
    }

    private Element readElement() {
        if (peek() == '"') {
            return new Element(Optional.of(readString()));
        }
        skipValue();
        return new Element(Optional.empty());
    }

    /** Validates one value of any kind without recursion: containers are tracked on an explicit stack. */
    private void skipValue() {
        StringBuilder stack = new StringBuilder(); // '[' or '{' per open container
        boolean expectValue = true;
        while (true) {
            skipSpace();
            if (expectValue) {
                int c = peek();
                if (c == '[' || c == '{') {
                    pos++;
                    if (stack.length() + 1 >= MAX_DEPTH) { // the top-level container is one level already
                        throw new Invalid();
                    }
                    stack.append((char) c);
                    skipSpace();
                    if (peek() == (c == '[' ? ']' : '}')) {
                        pos++;
                        stack.setLength(stack.length() - 1);
                        expectValue = false;
                    } else if (c == '{') {
                        readMemberKey();
                    }
                    if (stack.length() == 0 && !expectValue) {
                        return;
                    }
                    continue;
                }
                readScalar();
                expectValue = false;
            }
            if (stack.length() == 0) {
                return;
            }
            skipSpace();
            char open = stack.charAt(stack.length() - 1);
            int c = peek();
            if (c == ',') {
                pos++;
                if (open == '{') {
                    skipSpace();
                    readMemberKey();
                }
                expectValue = true;
            } else if (c == (open == '[' ? ']' : '}')) {
                pos++;
                stack.setLength(stack.length() - 1);
                if (stack.length() == 0) {
                    return;
                }
            } else {
                throw new Invalid();
            }
        }
    }

    private void readMemberKey() {
        readString();
        skipSpace();
        expect(':');
    }

    private void readScalar() {
        int c = peek();
        if (c == '"') {
            readString();
        } else if (c == 't') {
            literal("true");
        } else if (c == 'f') {
            literal("false");
        } else if (c == 'n') {
            literal("null");
        } else if (c == '-' || c >= '0' && c <= '9') {
            readNumber();
        } else {
            throw new Invalid();
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw new Invalid();
        }
        pos += word.length();
    }

    private void readNumber() {
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (peek() >= '1' && peek() <= '9') {
            digits();
        } else {
            throw new Invalid();
        }
        if (peek() == '.') {
            pos++;
            if (!(peek() >= '0' && peek() <= '9')) {
                throw new Invalid();
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!(peek() >= '0' && peek() <= '9')) {
                throw new Invalid();
            }
            digits();
        }
    }

    private void digits() {
        while (peek() >= '0' && peek() <= '9') {
            pos++;
        }
    }

    private String readString() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw new Invalid();
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new Invalid();
            }
            if (c != '\\') {
                out.append(GoStrings.isEscapedByte(c) ? '\uFFFD' : c);
                continue;
            }
            if (pos >= s.length()) {
                throw new Invalid();
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int unit = hex4();
                    if (Character.isHighSurrogate((char) unit) && s.startsWith("\\u", pos)) {
                        int save = pos;
                        pos += 2;
                        int low = hex4();
                        if (Character.isLowSurrogate((char) low)) {
                            out.appendCodePoint(Character.toCodePoint((char) unit, (char) low));
                            continue;
                        }
                        pos = save;
                    }
                    out.append(Character.isSurrogate((char) unit) ? '\uFFFD' : (char) unit);
                }
                default -> throw new Invalid();
            }
        }
    }

    private int hex4() {
        if (pos + 4 > s.length()) {
            throw new Invalid();
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos++), 16);
            if (d < 0 || s.charAt(pos - 1) > 'f') {
                throw new Invalid();
            }
            v = v << 4 | d;
        }
        return v;
    }
}
