package dev.lamina.builder.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one command through the runner in a JVM of its own, so that tests can kill that JVM mid-step or start
 * it as an unprivileged user. Usage: {@code ROOTFS SCRATCH CACHE MEMORY_BYTES_OR_0 ARGV…}. The command's
 * output is this process's (through a sink, or directly with {@code LAMINA_PROBE_STDIO=INHERIT}); the exit
 * code is the command's.
 */
public final class RunnerProbe {
    private RunnerProbe() {
    }

    public static void main(String[] args) {
        Path rootfs = Path.of(args[0]);
        RunnerSettings settings = RunnerSettings.defaults().withScratchDir(Path.of(args[1]))
                .withHelperCache(Path.of(args[2]));
        long memory = Long.parseLong(args[3]);
        List<String> argv = new ArrayList<>(Arrays.asList(args).subList(4, args.length));
        RunSpec spec = RunSpec.of(new Rootfs.Directory(rootfs), argv)
                .withLimits(memory > 0 ? Limits.NONE.withMemory(memory) : Limits.NONE)
                .withStdio(Stdio.valueOf(System.getenv().getOrDefault("LAMINA_PROBE_STDIO", "PIPE")));
        RunResult result = Runner.namespaces(settings).run(spec, OutputSink.to(System.out, System.err));
        System.exit(result.exitCode());
    }
}
