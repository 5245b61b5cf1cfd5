package dev.lamina.dockerfile.ignore;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DFA of a {@link RegexProgram} without word-boundary assertions, built state by state as texts need it
 * and shared by every thread (see the note on the transition caches). A state is the set
 * of program positions waiting for a rune; it knows whether a match has already been seen (Go's search stops
 * there) and whether one would complete if the text ended here ({@code $}).
 */
final class LazyDfa {
    private static final int MAX_STATES = 10_000;

    private final RegexProgram program;
    private final Map<Key, State> states = new ConcurrentHashMap<>();
    private final State start;

    LazyDfa(RegexProgram program) {
        this.program = program;
        this.start = state(new int[] {0}, true);
    }

    private record Key(boolean start, int[] seeds) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.start == start && Arrays.equals(k.seeds, seeds);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(seeds) * 2 + (start ? 1 : 0);
        }
    }

    private static final class State {
        final int[] runePcs;
        final boolean matchNow;
        final boolean matchAtEnd;
        // Written racily: a State is immutable but for these caches, and its final fields make it safe to read
        // through a data race; a reader that misses an entry recomputes it and gets the interned state.
        final State[] ascii = new State[128];
        final Map<Integer, State> other = new ConcurrentHashMap<>();

        State(int[] runePcs, boolean matchNow, boolean matchAtEnd) {
            this.runePcs = runePcs;
            this.matchNow = matchNow;
            this.matchAtEnd = matchAtEnd;
        }
    }

    /** See {@link RegexProgram#matchesAnyPrefix}; null when the state bound is reached. */
    Boolean matchesAnyPrefix(int[] text, int[] ends, int count) {
        State s = start;
        int next = 0;
        for (int i = 0; ; i++) {
            if (s.matchNow) {
                return true; // every prefix from here on contains this match
            }
            while (next < count && ends[next] == i) {
                if (s.matchAtEnd) {
                    return true;
                }
                next++;
            }
            if (next == count) {
                return false;
            }
            if (s.runePcs.length == 0 && s != start) {
                return false; // nothing can match any more; only the search's fresh start remains, and it needs ^
            }
            s = step(s, text[i]);
            if (s == null) {
                return null;
            }
        }
    }

    private State step(State s, int rune) {
        State cached = rune < 128 ? s.ascii[rune] : s.other.get(rune);
        if (cached != null) {
            return cached;
        }
        if (states.size() > MAX_STATES) {
            return null;
        }
        int[] seeds = new int[s.runePcs.length + 1];
        int n = 0;
        seeds[n++] = 0; // the search may begin anywhere
        for (int pc : s.runePcs) {
            if (program.sets[pc].test(rune)) {
                seeds[n++] = pc + 1;
            }
        }
        int[] sorted = Arrays.copyOf(seeds, n);
        Arrays.sort(sorted);
        State target = state(sorted, false);
        if (rune < 128) {
            s.ascii[rune] = target;
        } else {
            s.other.put(rune, target);
        }
        return target;
    }

    private State state(int[] seeds, boolean atStart) {
        return states.computeIfAbsent(new Key(atStart, seeds), key -> build(seeds, atStart));
    }

    private State build(int[] seeds, boolean atStart) {
        Closure now = closure(seeds, atStart, false);
        boolean matchAtEnd = now.match || closure(seeds, atStart, true).match;
        return new State(now.runePcs, now.match, matchAtEnd);
    }

    private record Closure(int[] runePcs, boolean match) {
    }

    /**
     * The program positions reachable from {@code seeds} without reading a rune: those waiting for one, and
     * whether MATCH is among them. {@code ^} holds only at the start; {@code $} holds when {@code atEnd}.
     */
    private Closure closure(int[] seeds, boolean atStart, boolean atEnd) {
        boolean[] visited = new boolean[program.size()];
        int[] runes = new int[program.size()];
        int count = 0;
        boolean match = false;
        int[] stack = new int[program.size() * 2 + seeds.length];
        int top = 0;
        for (int seed : seeds) {
            stack[top++] = seed;
        }
        while (top > 0) {
            int pc = stack[--top];
            if (visited[pc]) {
                continue;
            }
            visited[pc] = true;
            switch (program.op[pc]) {
                case RegexProgram.RUNE -> runes[count++] = pc;
                case RegexProgram.MATCH -> match = true;
                case RegexProgram.JUMP -> stack[top++] = program.x[pc];
                case RegexProgram.SPLIT -> {
                    stack[top++] = program.y[pc];
                    stack[top++] = program.x[pc];
                }
                default -> {
                    RegexProgram.Assertion a = program.assertions[pc];
                    if (a == RegexProgram.Assertion.BEGIN && atStart || a == RegexProgram.Assertion.END && atEnd) {
                        stack[top++] = pc + 1;
                    }
                }
            }
        }
        int[] runePcs = Arrays.copyOf(runes, count);
        Arrays.sort(runePcs);
        return new Closure(runePcs, match);
    }
}
