package dev.lamina.dockerfile.instructions;

import java.util.Locale;

/**
 * A typed Dockerfile instruction inside a stage (FROM starts a {@link Stage} and is not one). Every value is
 * as written: expansion is the builder's job, following {@link #expandRule()}. Java 17 has no exhaustive
 * switch over a sealed type, so {@link Visitor} gives the builder one checked by the compiler.
 */
public sealed interface Instruction permits Add, Arg, Cmd, Copy, Entrypoint, Env, Expose, Healthcheck, Label,
        Maintainer, Onbuild, Run, Shell, StopSignal, User, Volume, Workdir {

    /** The file, keyword as written, original text and lines. */
    Source source();

    /** Which of its words BuildKit expands, and how. */
    default ExpandRule expandRule() {
        return ExpandRule.of(this);
    }

    <R> R accept(Visitor<R> visitor);

    /** The instruction's name in upper case, whatever its casing in the file: {@code RUN}, {@code STOPSIGNAL}. */
    default String name() {
        return getClass().getSimpleName().toUpperCase(Locale.ROOT);
    }

    /** One method per instruction, so that a new instruction breaks every consumer at compile time. */
    interface Visitor<R> {
        R visit(Add add);

        R visit(Arg arg);

        R visit(Cmd cmd);

        R visit(Copy copy);

        R visit(Entrypoint entrypoint);

        R visit(Env env);

        R visit(Expose expose);

        R visit(Healthcheck healthcheck);

        R visit(Label label);

        R visit(Maintainer maintainer);

        R visit(Onbuild onbuild);

        R visit(Run run);

        R visit(Shell shell);

        R visit(StopSignal stopSignal);

        R visit(User user);

        R visit(Volume volume);

        R visit(Workdir workdir);
    }
}
