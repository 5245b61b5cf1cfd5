package dev.lamina.builder;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The seam where RUN plugs into the builder. The builder does everything around a RUN step: it expands and checks
 * the instruction, prepends the SHELL, assembles the environment, resolves mount sources, computes the step's cache
 * key (the parent layers, the command, environment, user, working directory, network, security mode and mounts)
 * and looks it up, and afterwards records the layer, the history entry ({@code RUN … # buildkit}) and the cache
 * record. An executor only runs the command over {@link RunStep#layers()} and returns the file-system changes.
 *
 * <p>A non-zero exit, a kill or a command that cannot start is a {@link BuildException} whose message is one line
 * without the location (the builder prefixes {@code Dockerfile:7: }), e.g. {@code RUN make: exit code 2}.
 */
@FunctionalInterface
public interface RunStepExecutor {
    /**
     * Runs {@code step}, streaming the command's stdout and stderr to {@code output}.
     *
     * @throws BuildException when the step fails
     */
    RunOutcome execute(RunStep step, OutputStream output) throws IOException;

    /** For a lamina built without a RUN implementation: every RUN fails, naming its place. */
    RunStepExecutor UNSUPPORTED = (step, output) -> {
        throw new BuildException("RUN is not supported by this lamina build yet");
    };
}
