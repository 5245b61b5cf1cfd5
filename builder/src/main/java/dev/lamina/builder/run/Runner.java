package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.util.Optional;

/**
 * Runs one command in a root file system, isolated as a RUN step is: new mount, PID, UTS and IPC
 * namespaces (and network, for {@link NetworkMode#NONE}), the step's user, environment, working directory,
 * mounts and limits. The command's whole process tree ends with the step; with lamina's own runner, also
 * when lamina is killed.
 * Safe to use from several threads; each call is independent.
 */
public interface Runner {
    /**
     * Runs {@code spec} to its end, streaming its output to {@code output}. A non-zero exit or a kill is a
     * {@link RunResult}; a step that cannot start (unknown USER, missing rootfs, no helper, a runtime's
     * refusal) is a {@link dev.lamina.image.LaminaException} whose message is one line. Interrupting the
     * calling thread kills the step and throws.
     */
    RunResult run(RunSpec spec, OutputSink output);

    /**
     * As {@link #run(RunSpec, OutputSink)}, with {@code stdin} copied to the command's standard input (for
     * {@link Stdio#PIPE}; other modes use lamina's own stdin) until it ends, when the command's input is
     * closed. A command that exits before reading it all ends the copying; nothing more is read from it.
     */
    default RunResult run(RunSpec spec, java.io.InputStream stdin, OutputSink output) {
        throw new LaminaException(getClass().getSimpleName() + " cannot pass standard input to a command");
    }

    /**
     * The user namespace commands run in, when lamina runs without root: files a command writes are owned, on
     * the host, by ids this maps back to the ones the command saw.
     */
    default Optional<UserNamespace> userNamespace() {
        return Optional.empty();
    }

    /** lamina's own runner, through its native helper. */
    static Runner namespaces(RunnerSettings settings) {
        return new NamespaceRunner(settings, CgroupHost.detect());
    }

    /** An OCI runtime: a name looked up in PATH ({@code runc}, {@code crun}) or a path to one. */
    static Runner ociRuntime(String runtime, RunnerSettings settings) {
        return new OciRuntimeRunner(runtime, settings, CgroupHost.detect());
    }

    /** What {@code --runtime} selects: lamina's own runner when absent. */
    static Runner forRuntime(Optional<String> runtime, RunnerSettings settings) {
        return runtime.map(r -> ociRuntime(r, settings)).orElseGet(() -> namespaces(settings));
    }
}
