package dev.lamina.dockerfile.shell;

import java.util.List;
import java.util.Set;

/**
 * The outcome of expanding one word: the single-word {@code result} (whitespace kept), the same text split
 * into {@code words} (unquoted white space, including white space that came out of an unquoted variable,
 * separates words; empty words are dropped), and which variable names were looked up and found
 * ({@code matched}) or looked up and unset ({@code unmatched}). The builder uses the last two for BuildKit's
 * "unused build-arg" and {@code UndefinedVar} findings.
 */
public record Expansion(String result, List<String> words, Set<String> matched, Set<String> unmatched) {
    public Expansion {
        words = List.copyOf(words);
        matched = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(matched));
        unmatched = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(unmatched));
    }
}
