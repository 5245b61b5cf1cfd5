package dev.lamina.builder.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.LaminaException;
import dev.lamina.image.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code --runtime runc|crun}: lamina writes an OCI runtime bundle (config.json per the runtime spec, the
 * root directory in place) and hands it to the runtime's {@code run}. The runtime's own failures (a missing
 * binary, a refused config, crun's "cgroups in hybrid mode not supported") come from its JSON log and reach
 * the user as one line; the command's exit code comes back as the runtime reports it (a kill as 128+N).
 *
 * <p>Limits go on a cgroup lamina creates and the runtime nests the container in, so that lamina reads the
 * OOM kill count after the runtime has removed its own. Unlike lamina's own runner, a runtime outlives a
 * SIGKILLed lamina until its command ends, and it supports neither an overlay root nor secret mounts here.
 */
final class OciRuntimeRunner implements Runner {
    private final String runtime;
    private final RunnerSettings settings;
    private final CgroupHost cgroups;

    OciRuntimeRunner(String runtime, RunnerSettings settings, CgroupHost cgroups) {
        this.runtime = runtime;
        this.settings = settings;
        this.cgroups = cgroups;
    }

    @Override
    public Optional<UserNamespace> userNamespace() {
        return settings.userNamespace();
    }

    @Override
    public RunResult run(RunSpec spec, OutputSink output) {
        return run(spec, Optional.empty(), output);
    }

    @Override
    public RunResult run(RunSpec spec, InputStream stdin, OutputSink output) {
        return run(spec, Optional.of(stdin), output);
    }

    private RunResult run(RunSpec spec, Optional<InputStream> stdin, OutputSink output) {
        long start = System.nanoTime();
        Path binary = locate(runtime);
        String name = binary.getFileName().toString();
        if (!(spec.rootfs() instanceof Rootfs.Directory directory)) {
            throw new LaminaException("--runtime " + runtime + " needs the root file system as a directory");
        }
        if (spec.mounts().stream().anyMatch(RunMount.Secret.class::isInstance)) {
            throw new LaminaException("secret mounts are not supported with --runtime " + runtime
                    + ": use lamina's own runner");
        }
        if (spec.stdio().tty()) {
            throw new LaminaException("--runtime " + runtime + " cannot give the command a terminal (-t) yet:"
                    + " use lamina's own runner");
        }
        SpecChecks.check(spec);
        ResolvedUser user = UserResolver.resolve(spec.user(), RootView.of(spec.rootfs()));
        try (StepDirectory step = StepDirectory.create(settings.scratchDir(),
                EtcFiles.contents(spec.hostname(), EtcFiles.hostResolvConf()))) {
            String id = step.path().getFileName().toString();
            MountStubs stubs = MountStubs.note(directory.path(), mountTargets(spec, step));
            Optional<StepCgroup> cgroup = Optional.empty();
            try {
                cgroup = spec.limits().any() ? Optional.of(cgroups.create(id, spec.limits())) : Optional.empty();
                Optional<String> cgroupsPath = cgroup.isPresent()
                        ? Optional.of("/" + StepCgroup.PARENT + "/" + id + "/runtime")
                        : settings.userNamespace().isPresent() ? Optional.empty()
                        : Optional.of("/" + StepCgroup.PARENT + "/" + id);
                Files.write(step.path().resolve("config.json"), Json.write(OciConfig.of(spec, directory.path(),
                        user, step.etcFiles(), cgroupsPath, settings.userNamespace())));
                Path state = step.directory("state");
                Path log = step.path().resolve("runtime.log");
                List<String> global = List.of(binary.toString(), "--root=" + state, "--log=" + log, "--log-format=json");
                List<String> command = new ArrayList<>(global);
                command.addAll(List.of("run", "--bundle", step.path().toString(), id));
                ProcessRun.Started started = ProcessRun.start(command, spec.stdio(), stdin.isPresent());
                int code = ProcessRun.await(started.process(), spec.stdio(), stdin, output,
                        process -> kill(global, id));
                Optional<String> failure = runtimeError(log);
                if (failure.isPresent() && code != 0) {
                    throw new LaminaException(name + ": " + failure.get());
                }
                boolean oom = cgroup.map(c -> c.oomKilled(code == 128 + 9)).orElse(false);
                return new RunResult(code, oom ? Optional.of(9) : Optional.empty(), oom,
                        Duration.ofNanos(System.nanoTime() - start));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                stubs.remove();
                cgroup.ifPresent(StepCgroup::close);
                // The runtime removes its own cgroup, not the parents it made in the other hierarchies.
                cgroups.removeStepEverywhere(id);
            }
        }
    }

    /** Everything the runtime mounts on the root directory, which it creates there when missing. */
    private static List<String> mountTargets(RunSpec spec, StepDirectory step) {
        List<String> targets = new ArrayList<>(List.of("/proc", "/dev", "/sys"));
        targets.addAll(step.etcFiles().keySet());
        spec.mounts().forEach(m -> targets.add(m.target()));
        return targets;
    }

    /** Asks the runtime to kill the container; {@code run} then returns. */
    private static void kill(List<String> global, String id) {
        List<String> command = new ArrayList<>(global);
        command.addAll(List.of("kill", id, "KILL"));
        try {
            new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the container is gone already, or the runtime cannot tell: run's exit settles it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last error the runtime logged, as one line. */
    static Optional<String> runtimeError(Path log) {
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        try {
            Optional<String> last = Optional.empty();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode entry = Json.readTree(line.getBytes(StandardCharsets.UTF_8), "runtime log line");
                    String level = entry.path("level").asText();
                    if (level.equals("error") || level.equals("fatal")) {
                        last = Optional.of(entry.path("msg").asText().replace('\n', ' '));
                    }
                } catch (LaminaException e) {
                    last = Optional.of(line.strip()); // a runtime logging plain text
                }
            }
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A runtime named on the command line: a path, or a name looked up in PATH and the sbin directories. */
    static Path locate(String runtime) {
        if (runtime.contains("/")) {
            Path path = Path.of(runtime);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw new LaminaException("OCI runtime " + runtime + " not found or not executable");
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, runtime);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new LaminaException("OCI runtime " + runtime + " not found in PATH: install it, or leave out --runtime"
                + " to use lamina's own runner");
    }
}
