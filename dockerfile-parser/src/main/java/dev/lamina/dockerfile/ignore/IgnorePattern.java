package dev.lamina.dockerfile.ignore;

import java.util.Optional;

/**
 * One active {@code .dockerignore} pattern: its cleaned text (without the {@code !}), whether it re-includes
 * ({@code exclusion}, written {@code !pattern}), and how it matches.
 */
public final class IgnorePattern {
    private final String text;
    private final boolean exclusion;
    private final PatternKind kind;
    private final String regex;
    private final Optional<RegexProgram> program;
    private final String literal; // EXACT: the text; PREFIX: without the "**"; SUFFIX: without the leading "**"

    IgnorePattern(String text, boolean exclusion) {
        this.text = text;
        this.exclusion = exclusion;
        PatternTranslation translation = PatternTranslation.of(text);
        this.kind = translation.kind();
        this.regex = translation.regex();
        Optional<RegexProgram> compiled = Optional.empty();
        if (kind == PatternKind.REGEXP) {
            try {
                compiled = Optional.of(GoRegex.compile(regex));
            } catch (IllegalArgumentException e) {
                // Go compiles lazily and fails each match; so does this pattern
            }
        }
        this.program = compiled;
        this.literal = switch (kind) {
            case PREFIX -> text.substring(0, text.length() - 2);
            case SUFFIX -> text.substring(2);
            default -> text;
        };
    }

    /** The cleaned pattern without its {@code !}. */
    public String text() {
        return text;
    }

    /** Whether this pattern re-includes what earlier patterns excluded ({@code !pattern}). */
    public boolean exclusion() {
        return exclusion;
    }

    public PatternKind kind() {
        return kind;
    }

    /** The Go regular expression moby compiles for a {@link PatternKind#REGEXP} pattern, else empty. */
    public String regex() {
        return regex;
    }

    /** The pattern as a .dockerignore line would write it. */
    @Override
    public String toString() {
        return exclusion ? "!" + text : text;
    }

    /** Whether the pattern matches the path or one of the prefixes {@code view} offers. */
    boolean matchesAny(PathView view) {
        String path = view.path();
        switch (kind) {
            case EXACT:
                return path.startsWith(literal) && view.hasEnd(literal.length());
            case PREFIX:
                return path.startsWith(literal);
            case SUFFIX:
                // "**/name" also matches "name" itself
                boolean rooted = literal.startsWith("/");
                for (int i = 0; i < view.count(); i++) {
                    int end = view.charEnd(i);
                    if (path.startsWith(literal, end - literal.length())
                            || rooted && end == literal.length() - 1 && path.startsWith(literal.substring(1))) {
                        return true;
                    }
                }
                return false;
            default:
                return program.orElseThrow(this::badPattern).matchesAnyPrefix(view.runes(), view.runeEnds(), view.count());
        }
    }

    /** Whether one string matches (moby's {@code Pattern.match}). */
    boolean matches(String candidate) {
        return matchesAny(PathView.whole(candidate));
    }

    IgnorePatternException badPattern() {
        return new IgnorePatternException(toString(), "syntax error in pattern");
    }
}
