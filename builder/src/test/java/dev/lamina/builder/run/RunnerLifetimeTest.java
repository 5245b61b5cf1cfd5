package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.builder.testing.BusyboxRootfs;
import dev.lamina.image.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A step outlives nothing: when lamina dies mid-step, however it dies, the step's processes, cgroup, mount
 * point stubs and scratch files go with it, and the host's mount table never changed. Root only.
 */
@Tag("root")
class RunnerLifetimeTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"KILL", "INT"})
    void killingLaminaMidStepEndsTheStepAndCleansUp(String signal) throws Exception {
        Path rootfs = BusyboxRootfs.create(temp.resolve("rootfs"));
        Path scratch = Files.createDirectories(temp.resolve("scratch"));
        Map<String, String> rootfsBefore = BusyboxRootfs.snapshot(rootfs);
        String mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"));
        Set<Path> cgroupsBefore = memoryStepCgroups();
        String marker = "sleep " + (4000 + (int) (Math.random() * 1000));

        try (ProbeJvm lamina = ProbeJvm.start(List.of(), List.of(rootfs.toString(), scratch.toString(),
                temp.resolve("cache").toString(), Long.toString(256 << 20), "sh", "-c", "echo started; exec " + marker))) {
            assertThat(lamina.awaitStdout("started", Duration.ofSeconds(20))).as(lamina.stderr()).isTrue();
            assertThat(InterruptedStep.processes(marker)).hasSize(1);
            assertThat(memoryStepCgroups()).hasSize(cgroupsBefore.size() + 1);
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).isEqualTo(mountsBefore);

            Peers.check("kill", "-" + signal, Long.toString(lamina.process().pid()));
            lamina.waitFor(Duration.ofSeconds(10));

            eventually(() -> InterruptedStep.processes(marker).isEmpty(), "the step's processes are gone");
            eventually(() -> memoryStepCgroups().equals(cgroupsBefore), "the step's cgroup is removed");
            eventually(() -> isEmpty(scratch), "the step's scratch directory is removed");
        }
        assertThat(BusyboxRootfs.snapshot(rootfs)).isEqualTo(rootfsBefore);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).isEqualTo(mountsBefore);
    }

    private static Set<Path> memoryStepCgroups() {
        CgroupHost host = CgroupHost.detect();
        Path parent = (host.v2Controllers().contains("memory") ? host.v2Root().orElseThrow()
                : host.v1Roots().get("memory")).resolve(StepCgroup.PARENT);
        if (!Files.isDirectory(parent)) {
            return Set.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
