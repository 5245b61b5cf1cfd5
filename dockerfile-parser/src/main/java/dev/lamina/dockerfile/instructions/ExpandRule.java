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
    SPLIT_WORDS;

    private static final Instruction.Visitor<ExpandRule> RULES = new Instruction.Visitor<>() {
        public ExpandRule visit(Add add) {
            return EACH_WORD;
        }

        public ExpandRule visit(Arg arg) {
            return EACH_WORD;
        }

        public ExpandRule visit(Cmd cmd) {
            return NONE;
        }

        public ExpandRule visit(Copy copy) {
            return EACH_WORD;
        }

        public ExpandRule visit(Entrypoint entrypoint) {
            return NONE;
        }

        public ExpandRule visit(Env env) {
            return EACH_WORD;
        }

        public ExpandRule visit(Expose expose) {
            return SPLIT_WORDS;
        }

        public ExpandRule visit(Healthcheck healthcheck) {
            return NONE;
        }

        public ExpandRule visit(Label label) {
            return EACH_WORD;
        }

        public ExpandRule visit(Maintainer maintainer) {
            return NONE;
        }

        public ExpandRule visit(Onbuild onbuild) {
            return NONE;
        }

        public ExpandRule visit(Run run) {
            return NONE;
        }

        public ExpandRule visit(Shell shell) {
            return NONE;
        }

        public ExpandRule visit(StopSignal stopSignal) {
            return EACH_WORD;
        }

        public ExpandRule visit(User user) {
            return EACH_WORD;
        }

        public ExpandRule visit(Volume volume) {
            return EACH_WORD;
        }

        public ExpandRule visit(Workdir workdir) {
            return EACH_WORD;
        }
    };

    /** The rule for {@code instruction}: BuildKit's table, in one place. */
    static ExpandRule of(Instruction instruction) {
        return instruction.accept(RULES);
    }
}
