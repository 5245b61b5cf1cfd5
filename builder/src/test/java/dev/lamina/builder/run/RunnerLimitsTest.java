package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.builder.testing.BusyboxRootfs;
import dev.lamina.builder.testing.CapturingSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits through this host's cgroups, for real: root only. */
@Tag("root")
class RunnerLimitsTest {
    @TempDir
    static Path shared;
    static Path rootfs;
    static Runner runner;
    static CgroupHost host = CgroupHost.detect();

    @BeforeAll
    static void setUp() {
        rootfs = BusyboxRootfs.create(shared.resolve("rootfs"));
        runner = Runner.namespaces(TestSettings.in(shared));
    }

    static RunSpec sh(String script) {
        return RunSpec.of(new Rootfs.Directory(rootfs), List.of("sh", "-c", script));
    }

    /** Every step cgroup under lamina's parent, in whichever hierarchy holds {@code controller}. */
    static Set<Path> stepCgroups(String controller) throws IOException {
        Path parent = host.v2Controllers().contains(controller)
                ? host.v2Root().orElseThrow().resolve(StepCgroup.PARENT)
                : host.v1Roots().get(controller).resolve(StepCgroup.PARENT);
        if (!Files.isDirectory(parent)) {
            return Set.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory).collect(Collectors.toSet());
        }
    }

    @Test
    void memoryHogIsKilledAndReportedAsOutOfMemory() throws IOException {
        Set<Path> before = stepCgroups("memory");

        RunResult result = runner.run(sh("x=0123456789abcdef; while true; do x=$x$x; done")
                .withLimits(Limits.NONE.withMemory(64 << 20)), new CapturingSink());

        assertThat(result.oomKilled()).isTrue();
        assertThat(result.signal()).hasValue(9);
        assertThat(result.describe()).startsWith("killed: out of memory");
        assertThat(stepCgroups("memory")).isEqualTo(before);
    }

    @Test
    void stepWithinItsMemoryIsNotReportedAsOutOfMemory() {
        RunResult result = runner.run(sh("x=0123456789abcdef; x=$x$x$x$x; kill -KILL $$")
                .withLimits(Limits.NONE.withMemory(64 << 20)), new CapturingSink());

        assertThat(result.signal()).hasValue(9);
        assertThat(result.oomKilled()).isFalse();
    }

    @Test
    void forkBombIsContainedByThePidsLimitAndTheStepEnds() throws Exception {
        Set<Path> before = stepCgroups("pids");
        CapturingSink sink = new CapturingSink();
        RunSpec bomb = sh("""
                mkfifo /dev/shm/fifo
                exec 3<> /dev/shm/fifo
                b() { b | b & }
                b
                echo bombing
                read -t 3 line <&3
                echo the shell survived
                """).withLimits(Limits.NONE.withPids(64));
        long start = System.nanoTime();

        CompletableFuture<RunResult> step = CompletableFuture.supplyAsync(() -> runner.run(bomb, sink));
        assertThat(sink.awaitStdout("bombing", Duration.ofSeconds(10))).isTrue();
        Thread.sleep(500);
        Set<Path> during = stepCgroups("pids");
        during.removeAll(before);
        assertThat(during).hasSize(1);
        Path cgroup = during.iterator().next();
        long current = Long.parseLong(Files.readString(cgroup.resolve("pids.current")).trim());
        String events = Files.readString(cgroup.resolve("pids.events"));
        RunResult result = step.get(20, TimeUnit.SECONDS);

        assertThat(current).isBetween(2L, 64L);
        assertThat(events).as("forks refused at the limit").doesNotContain("max 0");
        assertThat(result.exitCode()).isZero();
        assertThat(sink.stdout()).contains("the shell survived");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(stepCgroups("pids")).isEqualTo(before);
    }

    @Test
    void cpuQuotaIsSetForTheStepAndTheCgroupRemovedAfter() throws Exception {
        Set<Path> before = stepCgroups("cpu");
        CapturingSink sink = new CapturingSink();
        RunSpec spec = sh("echo started; cat /proc/self/cgroup; sleep 0.5").withLimits(Limits.NONE.withCpus(0.5));

        CompletableFuture<RunResult> step = CompletableFuture.supplyAsync(() -> runner.run(spec, sink));
        assertThat(sink.awaitStdout("started", Duration.ofSeconds(10))).isTrue();
        Set<Path> during = stepCgroups("cpu");
        during.removeAll(before);
        Path cgroup = during.iterator().next();
        String quota = host.v2Controllers().contains("cpu")
                ? Files.readString(cgroup.resolve("cpu.max")).trim()
                : Files.readString(cgroup.resolve("cpu.cfs_quota_us")).trim();
        assertThat(step.get(10, TimeUnit.SECONDS).exitCode()).isZero();

        assertThat(quota).isIn("50000", "50000 100000");
        assertThat(sink.stdout()).contains("/" + StepCgroup.PARENT + "/" + cgroup.getFileName());
        assertThat(stepCgroups("cpu")).isEqualTo(before);
    }
}
