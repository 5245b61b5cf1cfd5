package dev.lamina.dockerfile.ignore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A compiled regular expression as a Thompson program, matched with Go's semantics ({@code MatchString}: is
 * there a match anywhere) in time linear in the text, so that no pattern can make matching hang. Expressions
 * without word-boundary assertions (all the usual ones) run on a lazily built DFA, which also answers for every
 * prefix of the text in the same pass: that is how a path and all its parent directories are tested at once.
 */
final class RegexProgram {
    enum Assertion { BEGIN, END, WORD_BOUNDARY, NOT_WORD_BOUNDARY }

    static final int RUNE = 0;
    static final int ASSERT = 1;
    static final int SPLIT = 2;
    static final int JUMP = 3;
    static final int MATCH = 4;

    final int[] op;
    final int[] x;
    final int[] y;
    final IntPredicate[] sets;
    final Assertion[] assertions;
    private final boolean wordAssertions;
    private final int[] requiredPrefix;
    private final int[] requiredSuffix;
    private volatile LazyDfa dfa;

    private RegexProgram(List<Integer> op, List<Integer> x, List<Integer> y, List<IntPredicate> sets,
            List<Assertion> assertions, int[] requiredPrefix, int[] requiredSuffix) {
        this.requiredPrefix = requiredPrefix;
        this.requiredSuffix = requiredSuffix;
        this.op = op.stream().mapToInt(Integer::intValue).toArray();
        this.x = x.stream().mapToInt(Integer::intValue).toArray();
        this.y = y.stream().mapToInt(Integer::intValue).toArray();
        this.sets = sets.toArray(new IntPredicate[0]);
        this.assertions = assertions.toArray(new Assertion[0]);
        this.wordAssertions = assertions.stream()
                .anyMatch(a -> a == Assertion.WORD_BOUNDARY || a == Assertion.NOT_WORD_BOUNDARY);
        this.dfa = new LazyDfa(this);
    }

    int size() {
        return op.length;
    }

    /**
     * Whether {@code text[0..end)} has a match for any {@code end} among {@code ends[0..count)} (increasing, the
     * last at most {@code text.length}).
     */
    boolean matchesAnyPrefix(int[] text, int[] ends, int count) {
        if (!couldMatch(text, ends, count)) {
            return false;
        }
        if (!wordAssertions) {
            LazyDfa current = dfa;
            Boolean result = current.matchesAnyPrefix(text, ends, count);
            if (result != null) {
                return result;
            }
            dfa = new LazyDfa(this); // the state cache outgrew its bound: start afresh, answer this one by simulation
        }
        for (int i = 0; i < count; i++) {
            if (simulate(text, ends[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some candidate can match at all, judged by the literals every match must start and end with (most
     * ignore patterns have one: {@code *.log} ends with {@code .log}). Every candidate is a prefix of the same
     * text, so the start is tested once.
     */
    private boolean couldMatch(int[] text, int[] ends, int count) {
        if (requiredPrefix.length > 0 && !regionEquals(text, 0, requiredPrefix)) {
            return false;
        }
        if (requiredSuffix.length == 0) {
            return true;
        }
        for (int i = 0; i < count; i++) {
            if (ends[i] >= requiredSuffix.length && regionEquals(text, ends[i] - requiredSuffix.length, requiredSuffix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(int[] text, int from, int[] literal) {
        if (from + literal.length > text.length) {
            return false;
        }
        for (int i = 0; i < literal.length; i++) {
            if (text[from + i] != literal[i]) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code MatchString} on {@code text[0..n)} by simulating the program (Pike's method, no captures). */
    boolean simulate(int[] text, int n) {
        boolean[] current = new boolean[op.length];
        boolean[] next = new boolean[op.length];
        int[] stack = new int[op.length * 2 + 2];
        for (int i = 0; ; i++) {
            if (addThread(current, 0, text, i, n, stack)) {
                return true;
            }
            if (i == n) {
                return false;
            }
            Arrays.fill(next, false);
            boolean matched = false;
            for (int pc = 0; pc < op.length; pc++) {
                if (current[pc] && op[pc] == RUNE && sets[pc].test(text[i])) {
                    matched |= addThread(next, pc + 1, text, i + 1, n, stack);
                }
            }
            if (matched) {
                return true;
            }
            boolean[] t = current;
            current = next;
            next = t;
        }
    }

    /** Adds {@code pc}'s closure at position {@code i}; true when it reaches MATCH. */
    private boolean addThread(boolean[] list, int pc, int[] text, int i, int n, int[] stack) {
        int top = 0;
        stack[top++] = pc;
        boolean match = false;
        while (top > 0) {
            int p = stack[--top];
            if (list[p]) {
                continue;
            }
            list[p] = true;
            switch (op[p]) {
                case JUMP -> stack[top++] = x[p];
                case SPLIT -> {
                    stack[top++] = y[p];
                    stack[top++] = x[p];
                }
                case ASSERT -> {
                    if (holds(assertions[p], text, i, n)) {
                        stack[top++] = p + 1;
                    }
                }
                case MATCH -> match = true;
                default -> {
                }
            }
        }
        return match;
    }

    private static boolean holds(Assertion a, int[] text, int i, int n) {
        return switch (a) {
            case BEGIN -> i == 0;
            case END -> i == n;
            case WORD_BOUNDARY -> isWordBefore(text, i) != isWordAt(text, i, n);
            case NOT_WORD_BOUNDARY -> isWordBefore(text, i) == isWordAt(text, i, n);
        };
    }

    private static boolean isWordBefore(int[] text, int i) {
        return i > 0 && RuneSet.WORD.test(text[i - 1]);
    }

    private static boolean isWordAt(int[] text, int i, int n) {
        return i < n && RuneSet.WORD.test(text[i]);
    }

    /** Assembles a program; {@code -2} in a patch leaves that target unchanged. */
    static final class Builder {
        private final List<Integer> op = new ArrayList<>();
        private final List<Integer> x = new ArrayList<>();
        private final List<Integer> y = new ArrayList<>();
        private final List<IntPredicate> sets = new ArrayList<>();
        private final List<Assertion> assertions = new ArrayList<>();

        private int add(int code, int a, int b, IntPredicate set, Assertion assertion) {
            op.add(code);
            x.add(a);
            y.add(b);
            sets.add(set);
            assertions.add(assertion);
            return op.size() - 1;
        }

        int next() {
            return op.size();
        }

        void rune(IntPredicate set) {
            add(RUNE, 0, 0, set, null);
        }

        void assertion(Assertion kind) {
            add(ASSERT, 0, 0, null, kind);
        }

        int split() {
            return add(SPLIT, -1, -1, null, null);
        }

        int jump() {
            return add(JUMP, -1, 0, null, null);
        }

        void patch(int at, int first, int second) {
            if (first != -2) {
                x.set(at, first);
            }
            if (second != -2) {
                y.set(at, second);
            }
        }

        void patchJump(int at, int target) {
            x.set(at, target);
        }

        RegexProgram finish(int[] requiredPrefix, int[] requiredSuffix) {
            add(MATCH, 0, 0, null, null);
            return new RegexProgram(op, x, y, sets, assertions, requiredPrefix, requiredSuffix);
        }
    }
}
