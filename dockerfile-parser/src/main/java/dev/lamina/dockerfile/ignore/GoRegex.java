package dev.lamina.dockerfile.ignore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A reader of Go's regular-expression syntax (the Perl flavour {@code regexp.Compile} uses: {@code .} stops
 * at newline, {@code ^}/{@code $} anchor the whole text), enough for every expression moby's pattern conversion
 * can produce, compiled to a {@link RegexProgram}. What Go would reject is rejected
 * ({@link IllegalArgumentException}): the matcher then reports a bad pattern, as moby does.
 */
final class GoRegex {
    private static final int MAX_DEPTH = 1000;

    private final int[] s;
    private int pos;
    private final RegexProgram.Builder program = new RegexProgram.Builder();

    private GoRegex(String regex) {
        this.s = regex.codePoints().toArray();
    }

    static RegexProgram compile(String regex) {
        GoRegex parser = new GoRegex(regex);
        Node tree = parser.alternation(0);
        if (parser.pos < parser.s.length) {
            throw new IllegalArgumentException("unexpected )");
        }
        tree.emit(parser.program);
        return parser.program.finish(requiredPrefix(tree), requiredSuffix(tree));
    }

    /** The literal every match starts with, when the expression is {@code ^literal…}: a cheap first test. */
    private static int[] requiredPrefix(Node tree) {
        if (!(tree instanceof Concat c) || c.parts().isEmpty()
                || !(c.parts().get(0) instanceof Assert a && a.kind() == RegexProgram.Assertion.BEGIN)) {
            return new int[0];
        }
        return literals(c.parts().subList(1, c.parts().size()));
    }

    /** The literal every match ends with, when the expression is {@code …literal$}. */
    private static int[] requiredSuffix(Node tree) {
        if (!(tree instanceof Concat c) || c.parts().isEmpty() || !(c.parts().get(c.parts().size() - 1)
                instanceof Assert a && a.kind() == RegexProgram.Assertion.END)) {
            return new int[0];
        }
        List<Node> before = new ArrayList<>(c.parts().subList(0, c.parts().size() - 1));
        java.util.Collections.reverse(before);
        int[] reversed = literals(before);
        int[] out = new int[reversed.length];
        for (int i = 0; i < reversed.length; i++) {
            out[i] = reversed[reversed.length - 1 - i];
        }
        return out;
    }

    /** The runes of the leading single-rune literals of {@code parts}. */
    private static int[] literals(List<Node> parts) {
        int[] out = new int[parts.size()];
        int n = 0;
        for (Node part : parts) {
            if (!(part instanceof Match m) || m.literal() < 0) {
                break;
            }
            out[n++] = m.literal();
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The syntax tree; each node knows how to emit its instructions. */
    private interface Node {
        void emit(RegexProgram.Builder b);
    }

    /** One rune from {@code set}; {@code literal} is the rune when the set holds just one, else -1. */
    private record Match(IntPredicate set, int literal) implements Node {
        Match(IntPredicate set) {
            this(set, -1);
        }

        static Match literal(int rune) {
            return new Match(RuneSet.range(rune, rune), rune);
        }

        public void emit(RegexProgram.Builder b) {
            b.rune(set);
        }
    }

    private record Assert(RegexProgram.Assertion kind) implements Node {
        public void emit(RegexProgram.Builder b) {
            b.assertion(kind);
        }
    }

    private record Concat(List<Node> parts) implements Node {
        public void emit(RegexProgram.Builder b) {
            parts.forEach(p -> p.emit(b));
        }
    }

    private record Alternate(List<Node> choices) implements Node {
        public void emit(RegexProgram.Builder b) {
            List<Integer> jumps = new ArrayList<>();
            for (int i = 0; i < choices.size() - 1; i++) {
                int split = b.split();
                b.patch(split, b.next(), -1);
                choices.get(i).emit(b);
                jumps.add(b.jump());
                b.patch(split, -2, b.next());
            }
            choices.get(choices.size() - 1).emit(b);
            jumps.forEach(j -> b.patchJump(j, b.next()));
        }
    }

    private record Repeat(Node body, char op) implements Node {
        public void emit(RegexProgram.Builder b) {
            switch (op) {
                case '*' -> {
                    int split = b.split();
                    b.patch(split, b.next(), -1);
                    body.emit(b);
                    b.patchJump(b.jump(), split);
                    b.patch(split, -2, b.next());
                }
                case '+' -> {
                    int start = b.next();
                    body.emit(b);
                    int split = b.split();
                    b.patch(split, start, b.next());
                }
                default -> {
                    int split = b.split();
                    b.patch(split, b.next(), -1);
                    body.emit(b);
                    b.patch(split, -2, b.next());
                }
            }
        }
    }

    private int peek() {
        return pos < s.length ? s[pos] : -1;
    }

    private Node alternation(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("expression nests too deeply");
        }
        List<Node> choices = new ArrayList<>();
        choices.add(concatenation(depth));
        while (peek() == '|') {
            pos++;
            choices.add(concatenation(depth));
        }
        return choices.size() == 1 ? choices.get(0) : new Alternate(choices);
    }

    private Node concatenation(int depth) {
        List<Node> parts = new ArrayList<>();
        while (pos < s.length && peek() != '|' && peek() != ')') {
            int c = peek();
            if (c == '*' || c == '+' || c == '?') {
                if (parts.isEmpty()) {
                    throw new IllegalArgumentException("missing argument to repetition operator");
                }
                pos++;
                Node last = parts.remove(parts.size() - 1);
                if (last instanceof Repeat) {
                    throw new IllegalArgumentException("invalid nested repetition operator");
                }
                parts.add(new Repeat(last, (char) c));
                if (peek() == '?') {
                    pos++; // non-greedy: the same set of matches
                }
                continue;
            }
            parts.add(atom(depth));
        }
        return new Concat(parts);
    }

    private Node atom(int depth) {
        int c = s[pos++];
        switch (c) {
            case '(' -> {
                Node inner = alternation(depth + 1);
                if (peek() != ')') {
                    throw new IllegalArgumentException("missing closing )");
                }
                pos++;
                return inner;
            }
            case '[' -> {
                return new Match(charClass());
            }
            case '.' -> {
                return new Match(RuneSet.ANY_BUT_NEWLINE);
            }
            case '^' -> {
                return new Assert(RegexProgram.Assertion.BEGIN);
            }
            case '$' -> {
                return new Assert(RegexProgram.Assertion.END);
            }
            case '\\' -> {
                return escapeAtom();
            }
            default -> {
                return Match.literal(c);
            }
        }
    }

    /** After a backslash outside a class. */
    private Node escapeAtom() {
        int c = peek();
        switch (c) {
            case 'A' -> {
                pos++;
                return new Assert(RegexProgram.Assertion.BEGIN);
            }
            case 'z' -> {
                pos++;
                return new Assert(RegexProgram.Assertion.END);
            }
            case 'b' -> {
                pos++;
                return new Assert(RegexProgram.Assertion.WORD_BOUNDARY);
            }
            case 'B' -> {
                pos++;
                return new Assert(RegexProgram.Assertion.NOT_WORD_BOUNDARY);
            }
            case 'Q' -> {
                pos++;
                List<Node> literal = new ArrayList<>();
                while (pos < s.length && !(s[pos] == '\\' && pos + 1 < s.length && s[pos + 1] == 'E')) {
                    literal.add(Match.literal(s[pos]));
                    pos++;
                }
                if (pos < s.length) {
                    pos += 2;
                }
                return new Concat(literal);
            }
            default -> {
                IntPredicate set = perlOrUnicodeClass();
                if (set != null) {
                    return new Match(set);
                }
                int r = escapedRune();
                return Match.literal(r);
            }
        }
    }

    /** {@code \d \D \s \S \w \W \pX \p{Name} \PX} at {@code pos} (just after the backslash), or null. */
    private IntPredicate perlOrUnicodeClass() {
        int c = peek();
        IntPredicate perl = switch (c) {
            case 'd', 'D' -> RuneSet.DIGIT;
            case 's', 'S' -> RuneSet.SPACE;
            case 'w', 'W' -> RuneSet.WORD;
            default -> null;
        };
        if (perl != null) {
            pos++;
            return Character.isUpperCase(c) ? perl.negate() : perl;
        }
        if (c != 'p' && c != 'P') {
            return null;
        }
        pos++;
        boolean negate = c == 'P';
        String name;
        if (peek() == '{') {
            int end = pos;
            while (end < s.length && s[end] != '}') {
                end++;
            }
            if (end == s.length) {
                throw new IllegalArgumentException("invalid character class range");
            }
            name = new String(s, pos + 1, end - pos - 1);
            pos = end + 1;
        } else {
            if (pos >= s.length) {
                throw new IllegalArgumentException("invalid character class range");
            }
            name = new String(s, pos++, 1);
        }
        if (name.startsWith("^")) {
            negate = !negate;
            name = name.substring(1);
        }
        IntPredicate table = RuneSet.unicode(name);
        if (table == null) {
            throw new IllegalArgumentException("invalid character class range");
        }
        return negate ? table.negate() : table;
    }

    /** Go's {@code parseEscape}: the rune a backslash sequence stands for; {@code pos} is after the backslash. */
    private int escapedRune() {
        if (pos >= s.length) {
            throw new IllegalArgumentException("trailing backslash at end of expression");
        }
        int c = s[pos++];
        if (c < 0x80 && !Character.isLetterOrDigit(c)) {
            return c;
        }
        switch (c) {
            case '1', '2', '3', '4', '5', '6', '7', '0' -> {
                if (c != '0' && !isOctal(peek())) {
                    throw new IllegalArgumentException("invalid escape sequence"); // a backreference
                }
                int r = c - '0';
                for (int i = 1; i < 3 && isOctal(peek()); i++) {
                    r = r * 8 + s[pos++] - '0';
                }
                return r;
            }
            case 'x' -> {
                return hexEscape();
            }
            case 'a' -> {
                return 7;
            }
            case 'f' -> {
                return '\f';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 't' -> {
                return '\t';
            }
            case 'v' -> {
                return 0x0B;
            }
            default -> throw new IllegalArgumentException("invalid escape sequence");
        }
    }

    private int hexEscape() {
        if (pos >= s.length) {
            throw new IllegalArgumentException("invalid escape sequence");
        }
        int c = s[pos++];
        if (c == '{') {
            int r = 0;
            int digits = 0;
            while (true) {
                if (pos >= s.length) {
                    throw new IllegalArgumentException("invalid escape sequence");
                }
                c = s[pos++];
                if (c == '}') {
                    break;
                }
                int v = Character.digit(c, 16);
                if (v < 0 || c >= 0x80) {
                    throw new IllegalArgumentException("invalid escape sequence");
                }
                r = r * 16 + v;
                if (r > Character.MAX_CODE_POINT) {
                    throw new IllegalArgumentException("invalid escape sequence");
                }
                digits++;
            }
            if (digits == 0) {
                throw new IllegalArgumentException("invalid escape sequence");
            }
            return r;
        }
        int x = c < 0x80 ? Character.digit(c, 16) : -1;
        if (pos >= s.length) {
            throw new IllegalArgumentException("invalid escape sequence");
        }
        int d = s[pos++];
        int y = d < 0x80 ? Character.digit(d, 16) : -1;
        if (x < 0 || y < 0) {
            throw new IllegalArgumentException("invalid escape sequence");
        }
        return x * 16 + y;
    }

    private static boolean isOctal(int c) {
        return c >= '0' && c <= '7';
    }

    /** A class after its {@code [}; Go's {@code parseClass}. */
    private IntPredicate charClass() {
        boolean negate = false;
        if (peek() == '^') {
            negate = true;
            pos++;
        }
        List<IntPredicate> items = new ArrayList<>();
        boolean first = true;
        while (pos >= s.length || s[pos] != ']' || first) {
            if (pos >= s.length) {
                throw new IllegalArgumentException("missing closing ]");
            }
            first = false;
            if (s[pos] == '[' && pos + 1 < s.length && s[pos + 1] == ':') {
                IntPredicate posix = posixClass();
                if (posix != null) {
                    items.add(posix);
                    continue;
                }
            }
            if (s[pos] == '\\') {
                pos++;
                IntPredicate set = perlOrUnicodeClass();
                if (set != null) {
                    items.add(set);
                    continue;
                }
                pos--;
            }
            int lo = classChar();
            int hi = lo;
            if (pos + 1 < s.length && s[pos] == '-' && s[pos + 1] != ']') {
                pos++;
                hi = classChar();
                if (hi < lo) {
                    throw new IllegalArgumentException("invalid character class range");
                }
            }
            items.add(RuneSet.range(lo, hi));
        }
        pos++;
        IntPredicate[] all = items.toArray(new IntPredicate[0]);
        IntPredicate union = r -> {
            for (IntPredicate p : all) {
                if (p.test(r)) {
                    return true;
                }
            }
            return false;
        };
        return negate ? union.negate() : union;
    }

    /** {@code [:name:]} or {@code [:^name:]} at {@code pos}; null when the text is not one (a plain {@code [}). */
    private IntPredicate posixClass() {
        int end = -1;
        for (int i = pos + 2; i + 1 < s.length; i++) {
            if (s[i] == ':' && s[i + 1] == ']') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return null;
        }
        String name = new String(s, pos + 2, end - pos - 2);
        boolean negate = name.startsWith("^");
        IntPredicate set = RuneSet.posix(negate ? name.substring(1) : name);
        if (set == null) {
            throw new IllegalArgumentException("invalid character class range");
        }
        pos = end + 2;
        return negate ? set.negate() : set;
    }

    private int classChar() {
        if (pos >= s.length) {
            throw new IllegalArgumentException("missing closing ]");
        }
        int c = s[pos++];
        return c == '\\' ? escapedRune() : c;
    }
}
