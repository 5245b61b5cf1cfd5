package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;

/**
 * The command could not be executed at all: not found (127, as a shell and {@code docker run} report it) or
 * found but not executable (126). A {@link LaminaException} like any step that cannot start; {@code lamina
 * run} makes the code its own exit status, as {@code docker run} does.
 */
public final class CommandNotExecutable extends LaminaException {
    private final int exitCode;

    CommandNotExecutable(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** 127 when the command was not found, 126 when it was found but could not be executed. */
    public int exitCode() {
        return exitCode;
    }
}
