package dev.lamina.builder.run;

/** Where the command's standard streams go. */
public enum Stdio {
    /** stdin is empty; stdout and stderr reach the caller's {@link OutputSink} (a RUN step). */
    PIPE,
    /**
     * The command uses lamina's own stdin, stdout and stderr, a terminal included, and stays in the
     * terminal's session so that it gets Ctrl-C itself ({@code lamina run -i -t}); the sink is unused. The
     * caller should ignore SIGINT meanwhile, or its exit ends the command.
     */
    INHERIT
}
