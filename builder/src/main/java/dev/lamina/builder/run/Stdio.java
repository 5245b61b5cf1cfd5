package dev.lamina.builder.run;

/** Where the command's standard streams go. */
public enum Stdio {
    /**
     * stdout and stderr reach the caller's {@link OutputSink} (a RUN step); stdin is empty, or the caller's
     * stream when one is given to {@link Runner#run(RunSpec, java.io.InputStream, OutputSink)}.
     */
    PIPE,
    /**
     * The command uses lamina's own stdin, stdout and stderr, a terminal included, and stays in the
     * terminal's session so that it gets Ctrl-C itself; the sink is unused. The caller should ignore SIGINT
     * meanwhile, or its exit ends the command.
     */
    INHERIT,
    /**
     * The command gets a new pseudo-terminal (from the container's own devpts instance, so it is
     * {@code /dev/pts/0}) as its controlling terminal and its stdin, stdout and stderr; what it writes there
     * is relayed to lamina's own stdout, nothing is read from lamina's stdin ({@code lamina run -t}). The
     * terminal's window size follows lamina's stdin or stdout when that is a terminal. The sink is unused;
     * the caller should ignore SIGINT meanwhile: the runner forwards it to the command's foreground group.
     */
    TTY,
    /**
     * As {@link #TTY}, and lamina's own stdin is relayed to the command's terminal; when stdin is a terminal
     * it is put in raw mode for the command's lifetime and restored on every way out ({@code lamina run -it}).
     */
    TTY_STDIN;

    /** Whether the command's streams are lamina's own file descriptors rather than pipes to the caller. */
    boolean usesOwnStreams() {
        return this != PIPE;
    }

    boolean tty() {
        return this == TTY || this == TTY_STDIN;
    }
}
