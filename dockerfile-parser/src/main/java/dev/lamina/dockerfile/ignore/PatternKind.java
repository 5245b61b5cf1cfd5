package dev.lamina.dockerfile.ignore;

/**
 * How moby's patternmatcher matches a cleaned pattern: plain equality, a prefix ({@code dir/**}), a suffix
 * ({@code **}{@code /name}), or a regular expression for anything else.
 */
public enum PatternKind {
    EXACT, PREFIX, SUFFIX, REGEXP
}
