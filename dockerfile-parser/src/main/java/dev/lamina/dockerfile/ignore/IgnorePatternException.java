package dev.lamina.dockerfile.ignore;

/**
 * A {@code .dockerignore} pattern moby's matcher refuses: {@code syntax error in pattern} (Go's
 * {@code filepath.ErrBadPattern}) or {@code illegal exclusion pattern: "!"}. A pattern whose regular expression
 * Go cannot compile passes construction, as in moby, and fails every match that reaches it.
 */
public final class IgnorePatternException extends RuntimeException {
    private final String pattern;

    IgnorePatternException(String pattern, String message) {
        super(message);
        this.pattern = pattern;
    }

    /** The pattern at fault, as given. */
    public String pattern() {
        return pattern;
    }
}
