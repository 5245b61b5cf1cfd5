package dev.lamina.dockerfile.shell;

import dev.lamina.dockerfile.text.GoQuote;

/**
 * A word that cannot be expanded: an unterminated quote, a malformed {@code ${…}}, a failed
 * {@code ${V?message}}, a bad pattern. The message is BuildKit's: {@code failed to process "<word>": <reason>}.
 */
public final class ExpansionException extends RuntimeException {
    private final String word;
    private final String reason;

    ExpansionException(String word, String reason) {
        super("failed to process " + GoQuote.quote(word) + ": " + reason);
        this.word = word;
        this.reason = reason;
    }

    /** The word as given to the expander. */
    public String word() {
        return word;
    }

    /** What went wrong, without the word. */
    public String reason() {
        return reason;
    }
}
