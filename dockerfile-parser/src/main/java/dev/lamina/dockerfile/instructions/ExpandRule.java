package dev.lamina.dockerfile.instructions;

/**
 * Which words of an instruction BuildKit expands before using them, and how. The parser never expands;
 * the builder applies this rule with {@link dev.lamina.dockerfile.shell.ShellLex} and the stage's variables
 * (its ENV values and the ARGs in scope).
 */
public enum ExpandRule {
    /**
     * Passed on as written; a shell, if any, expands at run time: RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK,
     * MAINTAINER, ONBUILD. (RUN's {@code --mount} values are the exception: see {@link Run#mounts}.)
     */
    NONE,
    /**
     * Each word expanded on its own, quotes removed, white space kept ({@code ShellLex.expand}): ENV and LABEL
     * keys and values, ARG names and defaults, ADD and COPY sources, destination and flag values (heredoc bodies
     * only when {@link InlineFile#expand()}), WORKDIR, USER, VOLUME, STOPSIGNAL.
     */
    EACH_WORD,
    /** Each word expanded and then split on white space ({@code ShellLex.expandWords}): EXPOSE. */
    SPLIT_WORDS
}
