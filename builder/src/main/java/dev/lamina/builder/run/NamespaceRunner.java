package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * lamina's own runner: a small static C helper ({@code src/main/c/lamina-init.c}) creates the namespaces,
 * builds the mount tree, pivots into the root and executes the command; this class resolves everything a
 * user can get wrong first, prepares the step's files and cgroup, and reads the outcome.
 *
 * <p>Why a native helper: a JVM is multi-threaded, and unshare(2)/setns(2) of a mount or user namespace and
 * pivot_root(2) are refused or wrong in a multi-threaded process, so they need a child process anyway. The
 * util-linux tools (unshare, nsenter, setpriv, mount) cost an exec each, and cannot express "pivot, then
 * set groups, uid and capabilities, then chdir inside the new root, then exec" without a shell in the
 * image (a bare {@code unshare … chroot ROOT true}, which sets up none of it, already costs ~3.6 ms here).
 * The helper is one exec: a {@code true} step costs about 8–9 ms end to end (median, {@code
 * bench/runner-overhead.sh}; runc takes ~45–55 ms), of which the JVM's process spawn is ~2 ms, namespace
 * creation ~0.2 ms (~0.8 ms with a new network namespace), the mount tree and pivot ~1 ms, exec ~0.6 ms, and
 * lamina's own preparation and cleanup ~1–2 ms. It is built statically so the jar runs on any Linux of its
 * architecture; without gcc at build time the jar lacks it and a RUN fails with one line saying so.
 */
final class NamespaceRunner implements Runner {
    private final RunnerSettings settings;
    private final CgroupHost cgroups;

    NamespaceRunner(RunnerSettings settings, CgroupHost cgroups) {
        this.settings = settings;
        this.cgroups = cgroups;
    }

    @Override
    public Optional<UserNamespace> userNamespace() {
        return settings.userNamespace();
    }

    @Override
    public RunResult run(RunSpec spec, OutputSink output) {
        return runMeasured(spec, Optional.empty(), output).result();
    }

    @Override
    public RunResult run(RunSpec spec, InputStream stdin, OutputSink output) {
        return runMeasured(spec, Optional.of(stdin), output).result();
    }

    /** A result with the step's timings, for the benchmark. */
    record Measured(RunResult result, StepTimings timings) {
    }

    Measured runMeasured(RunSpec spec, OutputSink output) {
        return runMeasured(spec, Optional.empty(), output);
    }

    private Measured runMeasured(RunSpec spec, Optional<InputStream> stdin, OutputSink output) {
        long start = System.nanoTime();
        Path helper = NativeHelper.locate(settings.helperCache());
        SpecChecks.check(spec);
        ResolvedUser user = UserResolver.resolve(spec.user(), RootView.of(spec.rootfs()));
        Ended ended;
        try (StepDirectory step = StepDirectory.create(settings.scratchDir(),
                EtcFiles.contents(spec.hostname(), EtcFiles.hostResolvConf()));
             StepCgroupHolder cgroup = new StepCgroupHolder(spec.limits().any()
                     ? Optional.of(cgroups.create(step.path().getFileName().toString(), spec.limits()))
                     : Optional.empty())) {
            List<Path> cgroupDirs = cgroup.value().map(StepCgroup::directories).orElse(List.of());
            List<String> command = HelperCommand.build(helper, ProcessHandle.current().pid(), spec, user, step,
                    cgroupDirs, settings.userNamespace());
            ProcessRun.Started started = ProcessRun.start(command, spec.stdio(), stdin.isPresent());
            // SIGTERM makes the helper SIGKILL the step's init, which takes the whole PID namespace with it.
            int helperExit = ProcessRun.await(started.process(), spec.stdio(), stdin, output, Process::destroy);
            long exited = System.nanoTime();
            HelperStatus status = HelperStatus.read(step.status()).orElseThrow(() -> new LaminaException(
                    "cannot run " + spec.describeCommand() + ": the native helper " + helper + " ended with code "
                            + helperExit + " and no status"));
            boolean killed = status.outcome().equals(new HelperStatus.Signaled(9));
            ended = new Ended(status, cgroup.value().map(c -> c.oomKilled(killed)).orElse(false), started.spawning(),
                    exited);
        }
        long end = System.nanoTime();
        Duration duration = Duration.ofNanos(end - start);
        RunResult result;
        if (ended.status().outcome() instanceof HelperStatus.Exited exited) {
            result = new RunResult(exited.code(), Optional.empty(), ended.oom(), duration);
        } else if (ended.status().outcome() instanceof HelperStatus.Signaled signaled) {
            result = new RunResult(128 + signaled.signal(), Optional.of(signaled.signal()), ended.oom(), duration);
        } else if (ended.status().outcome() instanceof HelperStatus.NotExecuted notExecuted) {
            throw new CommandNotExecutable(notExecuted.code(), "cannot run " + spec.describeCommand() + ": "
                    + notExecuted.message());
        } else {
            throw new LaminaException("cannot run " + spec.describeCommand() + ": "
                    + ((HelperStatus.Failed) ended.status().outcome()).message());
        }
        return new Measured(result, StepTimings.of(start, ended.spawning(), ended.status().marks(), ended.exited(), end));
    }

    /** How the helper ended, read before the step's cgroup and directory are removed. */
    private record Ended(HelperStatus status, boolean oom, long spawning, long exited) {
    }

    /** Lets an optional cgroup sit in try-with-resources, so it is removed before the step directory. */
    private record StepCgroupHolder(Optional<StepCgroup> value) implements AutoCloseable {
        @Override
        public void close() {
            value.ifPresent(StepCgroup::close);
        }
    }
}
