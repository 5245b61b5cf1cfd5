package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.builder.testing.BusyboxRootfs;
import dev.lamina.builder.testing.CapturingSink;
import dev.lamina.image.LaminaException;
import dev.lamina.image.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --runtime runc}: the same step through an OCI runtime bundle. Needs root and runc. */
@Tag("root")
@Tag("peer")
class OciRuntimeRunnerTest {
    @TempDir
    static Path shared;
    static RunnerSettings settings;
    static Runner runc;

    @TempDir
    Path temp;

    @BeforeAll
    static void setUp() {
        settings = TestSettings.in(shared);
        runc = Runner.ociRuntime(Peers.require("runc").toString(), settings);
    }

    static RunSpec sh(Path root, String script) {
        return RunSpec.of(new Rootfs.Directory(root), List.of("sh", "-c", script));
    }

    @Test
    void runcRunsTheStepIsolatedAndLeavesTheRootfsAsItWas() throws IOException {
        Path rootfs = BusyboxRootfs.create(temp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("srv"));
        Map<String, String> before = BusyboxRootfs.snapshot(rootfs);
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        CapturingSink sink = new CapturingSink();

        RunResult result = runc.run(sh(rootfs, """
                echo $$
                hostname
                grep -E '^(Uid|Groups)' /proc/self/status
                pwd
                echo $GREETING
                ls /sys/class/net
                grep -c localhost /etc/hosts
                grep CapEff /proc/self/status
                exit 5
                """).withHostname("oci-step").withUser("builder").withWorkdir("/srv")
                .withEnv(Map.of("GREETING", "hi")).withNetwork(NetworkMode.NONE), sink);

        assertThat(result.exitCode()).as(sink.stderr()).isEqualTo(5);
        assertThat(sink.stdout()).isEqualTo("""
                1
                oci-step
                Uid:\t1000\t1000\t1000\t1000
                Groups:\t29 2000\s
                /srv
                hi
                lo
                2
                CapEff:\t0000000000000000
                """);
        assertThat(BusyboxRootfs.snapshot(rootfs)).isEqualTo(before);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).isEqualTo(mounts);
    }

    @Test
    void outOfMemoryIsReportedAndEveryCgroupRemoved() throws IOException {
        Path rootfs = BusyboxRootfs.create(temp.resolve("rootfs"));
        Set<Path> before = allStepCgroups();

        RunResult result = runc.run(sh(rootfs, "x=0123456789abcdef; while true; do x=$x$x; done")
                .withLimits(Limits.NONE.withMemory(64 << 20)), new CapturingSink());

        assertThat(result.oomKilled()).isTrue();
        assertThat(result.exitCode()).isEqualTo(137);
        assertThat(allStepCgroups()).isEqualTo(before);
    }

    @Test
    void runtimeFailureIsOneClearLine() {
        Path rootfs = BusyboxRootfs.create(temp.resolve("rootfs"));

        assertThatThrownBy(() -> runc.run(RunSpec.of(new Rootfs.Directory(rootfs), List.of("no-such-tool")),
                new CapturingSink()))
                .isInstanceOf(LaminaException.class)
                .hasMessageStartingWith("runc: ")
                .hasMessageContaining("no-such-tool")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void missingRuntimeIsOneClearLine() {
        Path rootfs = BusyboxRootfs.create(temp.resolve("rootfs"));

        assertThatThrownBy(() -> Runner.ociRuntime("lamina-no-such-runtime", settings)
                .run(sh(rootfs, "true"), new CapturingSink()))
                .isInstanceOf(LaminaException.class)
                .hasMessage("OCI runtime lamina-no-such-runtime not found in PATH: install it, or leave out --runtime"
                        + " to use lamina's own runner");
    }

    /**
     * The real crun, on this host: it refuses the hybrid cgroup layout (v1 controllers beside a v2 hierarchy), and
     * its refusal reaches the user as one line. On a pure v2 host it runs the command like runc.
     */
    @Test
    void realCrunRunsOrItsRefusalIsOneLine() {
        Path rootfs = BusyboxRootfs.create(temp.resolve("rootfs"));
        Runner crun = Runner.ociRuntime(Peers.require("crun").toString(), settings);
        CgroupHost host = CgroupHost.detect();
        boolean hybrid = !host.v1Roots().isEmpty();

        if (hybrid) {
            assertThatThrownBy(() -> crun.run(sh(rootfs, "true"), new CapturingSink()))
                    .isInstanceOf(LaminaException.class)
                    .hasMessage("crun: cgroups in hybrid mode not supported, drop all controllers from cgroupv2");
        } else {
            CapturingSink out = new CapturingSink();
            assertThat(crun.run(sh(rootfs, "echo hi"), out).exitCode()).isZero();
            assertThat(out.stdout()).isEqualTo("hi\n");
        }
    }

    /**
     * crun's refusal, worded as it words it, from a stand-in that logs and exits as crun does: the message the
     * user sees whatever the host.
     */
    @Test
    void crunsRefusalOfHybridCgroupsIsOneClearLine() throws IOException {
        Path rootfs = BusyboxRootfs.create(temp.resolve("rootfs"));
        Path crun = Files.createDirectories(temp.resolve("bin")).resolve("crun");
        Files.writeString(crun, """
                #!/bin/sh
                for arg; do case $arg in --log=*) log=${arg#--log=};; esac; done
                echo '{"msg": "cgroups in hybrid mode not supported, drop all controllers from cgroupv2", "level": "error", "time": "2024-01-01T00:00:00.000000000Z"}' > "$log"
                echo "crun: cgroups in hybrid mode not supported, drop all controllers from cgroupv2" >&2
                exit 1
                """);
        Files.setAttribute(crun, "unix:mode", 0755);

        assertThatThrownBy(() -> Runner.ociRuntime(crun.toString(), settings).run(sh(rootfs, "true"), new CapturingSink()))
                .isInstanceOf(LaminaException.class)
                .hasMessage("crun: cgroups in hybrid mode not supported, drop all controllers from cgroupv2");
    }

    @Test
    void interruptingTheCallerKillsTheContainer() throws Exception {
        Path rootfs = BusyboxRootfs.create(temp.resolve("rootfs"));

        InterruptedStep step = InterruptedStep.run(runc, sh(rootfs, "echo started; exec sleep 4712"));

        assertThat(step.toEnd()).isLessThan(Duration.ofSeconds(5));
        assertThat(step.failure()).isInstanceOf(LaminaException.class).hasMessageContaining("interrupted");
        assertThat(InterruptedStep.processes("sleep 4712")).isEmpty();
    }

    /** Every step cgroup in every hierarchy. */
    private static Set<Path> allStepCgroups() throws IOException {
        CgroupHost host = CgroupHost.detect();
        Set<Path> all = new java.util.HashSet<>();
        for (Path root : Stream.concat(host.v2Root().stream(), host.v1Roots().values().stream()).distinct().toList()) {
            Path parent = root.resolve(StepCgroup.PARENT);
            if (Files.isDirectory(parent)) {
                try (Stream<Path> children = Files.list(parent)) {
                    all.addAll(children.filter(Files::isDirectory).collect(Collectors.toSet()));
                }
            }
        }
        return all;
    }
}
