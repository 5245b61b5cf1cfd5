package dev.lamina.dockerfile;

import java.util.Objects;

/**
 * A Dockerfile that BuildKit would refuse. {@link #reason()} is BuildKit's own wording (so users can search
 * for it); {@link #getMessage()} prefixes the file and position: {@code Dockerfile:3:1: unknown instruction:
 * FOO}. This is the only exception the parser throws for bad input.
 */
public final class DockerfileException extends RuntimeException {
    private final String file;
    private final SourceRange range;
    private final String reason;

    public DockerfileException(String file, SourceRange range, String reason) {
        super(file + ":" + range.start() + ": " + reason);
        this.file = Objects.requireNonNull(file);
        this.range = Objects.requireNonNull(range);
        this.reason = Objects.requireNonNull(reason);
    }

    /** The name the Dockerfile was parsed under (usually its path as the user gave it). */
    public String file() {
        return file;
    }

    /** The lines (and column) at fault. */
    public SourceRange range() {
        return range;
    }

    /** The message alone, worded as BuildKit words it. */
    public String reason() {
        return reason;
    }
}
