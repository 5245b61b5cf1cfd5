package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code lamina build} with RUN steps, end to end, on a busybox image built from busybox-static. Root. */
@Tag("root")
class BuildRunTest {
    @TempDir
    Path dir;

    CliRunner lamina;
    Path context;

    @BeforeEach
    void busybox() throws IOException {
        lamina = new CliRunner(dir.resolve("store"), dir);
        Path base = Files.createDirectories(dir.resolve("base"));
        Path rootfs = Files.createDirectories(base.resolve("rootfs/bin"));
        Files.copy(Peers.require("busybox").toRealPath(), rootfs.resolve("busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "cat", "true", "wc")) {
            Files.createSymbolicLink(rootfs.resolve(applet), Path.of("busybox"));
        }
        Files.writeString(base.resolve("Dockerfile"), "FROM scratch\nCOPY rootfs/ /\n");
        assertThat(lamina.run("build", "-q", "-t", "busybox:run", base.toString()).code()).isZero();
        context = Files.createDirectories(dir.resolve("context"));
    }

    @Test
    void aFailingRunFailsInOneLineAndNamesNothing() throws IOException {
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox:run\nRUN echo to the log; exit 3\n");
        byte[] index = Files.readAllBytes(lamina.root().resolve("index.json"));

        CliRunner.Result result = lamina.run("build", "-t", "failed:1", context.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("to the log\n")
                .endsWith("lamina: error: Dockerfile:2: RUN echo to the log; exit 3: exit code 3\n");
        assertThat(Files.readAllBytes(lamina.root().resolve("index.json"))).as("no tag").isEqualTo(index);
    }

    @Test
    void helpDocumentsWhatRunStepsGet() {
        String help = lamina.run("build", "--help").out();

        assertThat(help).contains("--network", "--memory", "--cpus", "--pids-limit", "--secret", "--snapshotter",
                "--runtime");
    }

    /**
     * lamina killed while a RUN step runs: the step's processes die too, the host's mount table is as it was, the
     * store's index is untouched; Ctrl-C (SIGINT) or SIGTERM also removes the step's scratch directory at once,
     * after SIGKILL the next prune does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"KILL", "TERM", "INT"})
    void killingLaminaMidStepLeavesNoMountNoProcessAndAValidStore(String signal) throws Exception {
        Files.writeString(context.resolve("Dockerfile"),
                "FROM busybox:run\nRUN echo started; exec sleep 4242\n");
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        byte[] index = Files.readAllBytes(lamina.root().resolve("index.json"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--root",
                lamina.root().toString(), "build", "--progress", "plain", "-t", "killed:1", context.toString()));
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.readString(err).contains("started") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(err)).contains("started");
            assertThat(sleepers()).as("the step runs").isNotEmpty();

            Peers.check("kill", "-" + signal, Long.toString(process.pid()));
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sleepers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sleepers()).as("the step's processes died with lamina").isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).isEqualTo(mounts);
        assertThat(Files.readAllBytes(lamina.root().resolve("index.json"))).isEqualTo(index);
        Path scratch = lamina.root().resolve("lamina/snapshots/tmp");
        if (!signal.equals("KILL")) {
            assertThat(!Files.exists(scratch) || isEmpty(scratch)).as("the step's scratch went with lamina").isTrue();
        }

        assertThat(lamina.run("prune").code()).isZero();
        assertThat(!Files.exists(scratch) || isEmpty(scratch)).as("prune clears a killed step's scratch").isTrue();
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.findAny().isEmpty();
        }
    }

    private static List<Long> sleepers() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("sleep 4242")
                || readCmdline(p.pid()).equals("sleep\0" + "4242\0")).map(ProcessHandle::pid).toList();
    }

    private static String readCmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        } catch (IOException e) {
            return "";
        }
    }
}
