package dev.lamina.cli;

/** The command line itself is wrong (exit code 2), found after parsing (for example a malformed value). */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
