package dev.lamina.builder.run;

import dev.lamina.builder.testing.BusyboxRootfs;
import dev.lamina.builder.testing.CapturingSink;
import dev.lamina.image.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-step overhead of a {@code true} RUN step through the runner, median of many, with where the time
 * goes; and, for scale, the same through runc, a bare util-linux unshare+chroot, and a JVM spawn of
 * {@code /bin/true}. Run by {@code bench/runner-overhead.sh}; writes {@code target/bench/runner-overhead.txt}.
 */
@Tag("slow")
@EnabledIfSystemProperty(named = "lamina.bench", matches = "true")
class RunnerOverheadBenchmark {
    static final int WARMUP = 10;
    static final int RUNS = Integer.getInteger("lamina.bench.runs", 50);

    @TempDir
    Path temp;

    @Test
    void measure() throws IOException {
        Path rootfs = BusyboxRootfs.create(temp.resolve("rootfs"));
        for (String dir : List.of("proc", "dev", "sys")) {
            Files.createDirectories(rootfs.resolve(dir)); // as an image has them
        }
        for (String file : List.of("etc/hosts", "etc/hostname", "etc/resolv.conf")) {
            Files.writeString(rootfs.resolve(file), "");
        }
        // Scratch where lamina puts it by default ($XDG_RUNTIME_DIR, else the temporary directory), or elsewhere.
        RunnerSettings settings = TestSettings.in(temp).withScratchDir(Optional.ofNullable(
                System.getProperty("lamina.bench.scratch")).map(Path::of).orElse(RunnerSettings.defaults().scratchDir()));
        NamespaceRunner runner = (NamespaceRunner) Runner.namespaces(settings);
        RunSpec step = RunSpec.of(new Rootfs.Directory(rootfs), List.of("true"));
        StringBuilder report = new StringBuilder();
        report.append(String.format("RUN true, median of %d after %d warm-up runs (ms)%n%n", RUNS, WARMUP));
        report.append(String.format("%-34s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s%n", "variant", "total",
                "prepare", "spawn", "ns", "ids+cg", "mounts", "exec", "command", "wrap-up", "cleanup"));
        for (var variant : List.of(
                new Variant("lamina-init, host network", step),
                new Variant("lamina-init, network none", step.withNetwork(NetworkMode.NONE)),
                new Variant("lamina-init, --memory --pids-limit", step.withLimits(Limits.NONE.withMemory(256 << 20)
                        .withPids(1024))))) {
            List<NamespaceRunner.Measured> runs = repeat(() -> runner.runMeasured(variant.spec(), new CapturingSink()));
            report.append(String.format("%-34s %7.2f", variant.name(), median(runs, m -> m.result().duration())));
            for (Function<StepTimings, Duration> part : List.<Function<StepTimings, Duration>>of(StepTimings::prepare,
                    StepTimings::spawn, StepTimings::namespaces, StepTimings::idsAndCgroups, StepTimings::mounts,
                    StepTimings::exec, StepTimings::command, StepTimings::wrapUp, StepTimings::cleanup)) {
                report.append(String.format(" %7.2f", median(runs, m -> part.apply(m.timings()))));
            }
            report.append('\n');
        }
        report.append('\n');
        Runner runc = Runner.ociRuntime(Peers.require("runc").toString(), settings);
        report.append(String.format("%-34s %7.2f%n", "runc (OCI bundle)",
                median(repeat(() -> runc.run(step, new CapturingSink())), RunResult::duration)));
        String root = rootfs.toString();
        report.append(String.format("%-34s %7.2f%n", "util-linux unshare+chroot (bare)", median(repeat(() -> spawn(
                "unshare", "--mount", "--pid", "--fork", "--uts", "--ipc", "--propagation", "private",
                "chroot", root, "/bin/true")), d -> d)));
        report.append(String.format("%-34s %7.2f%n", "JVM spawn of /bin/true", median(repeat(() -> spawn("/bin/true")),
                d -> d)));
        report.append(String.format("%nprepare: USER lookup, step directory and cgroup creation (Java); spawn: JVM"
                + " process start until the helper's main;%nns: clone() with the new namespaces; ids+cg: id maps and"
                + " cgroup joining; mounts: the init's mount tree and pivot;%nexec: fork and exec of the command;"
                + " wrap-up: the helper's stub removal and status until lamina has all output;%ncleanup: status read,"
                + " OOM check, cgroup and step directory removal (Java).%n"));
        Path out = Path.of(System.getProperty("lamina.projectRoot", "."), "builder/target/bench/runner-overhead.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.print(report);
    }

    record Variant(String name, RunSpec spec) {
    }

    private static <T> List<T> repeat(Supplier<T> run) {
        for (int i = 0; i < WARMUP; i++) {
            run.get();
        }
        List<T> results = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            results.add(run.get());
        }
        return results;
    }

    private static Duration spawn(String... command) {
        long start = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(Arrays.toString(command) + " failed");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static <T> double median(List<T> runs, Function<T, Duration> part) {
        double[] values = runs.stream().mapToDouble(r -> part.apply(r).toNanos() / 1e6).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
