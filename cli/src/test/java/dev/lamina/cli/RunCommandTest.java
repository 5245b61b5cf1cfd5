package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lamina run as a user runs it, on busybox images made by the test: docker run's meaning of the image config
 * and of the flags, the command's exit status and streams, its isolation, and nothing left behind. Needs root
 * (namespaces, mounts, cgroups) and busybox-static.
 */
@Tag("root")
class RunCommandTest {
    @TempDir
    static Path root;
    @TempDir
    Path work;

    CliRunner cli;

    @BeforeAll
    static void images() throws IOException {
        BusyboxImage.create(root, "bb", c -> { });
        BusyboxImage.create(root, "configured", c -> {
            c.putArray("Env").add("PATH=/bin").add("FROM_IMAGE=image").add("OVERRIDDEN=image").add("DROPPED=image");
            c.putArray("Entrypoint").add("echo").add("entrypoint");
            c.putArray("Cmd").add("cmd");
            c.put("User", "app");
            c.put("WorkingDir", "/home/app/work");
        });
        BusyboxImage.create(root, "nocmd", c -> c.remove("Cmd"));
    }

    @BeforeEach
    void setUp() {
        cli = new CliRunner(root, work);
    }

    private CliRunner.Result run(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "run";
        System.arraycopy(args, 0, full, 1, args.length);
        return cli.run(full);
    }

    // ---- exit status and streams ----

    @Test
    void theCommandsExitStatusIsLaminas() {
        CliRunner.Result result = run("bb", "sh", "-c", "exit 3");

        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aMissingCommandExits127WithOneLine() {
        CliRunner.Result result = run("bb", "no-such-command", "arg");

        assertThat(result.code()).isEqualTo(127);
        assertThat(result.err()).isEqualTo("lamina: error: cannot run no-such-command arg: cannot execute"
                + " no-such-command: executable file not found in $PATH\n");
    }

    @Test
    void aFileThatIsNotExecutableExits126() {
        CliRunner.Result result = run("bb", "/etc/passwd");

        assertThat(result.code()).isEqualTo(126);
        assertThat(result.err()).startsWith("lamina: error: ").contains("Permission denied").hasLineCount(1);
    }

    @Test
    void aSignalDeathIs128PlusTheSignal() {
        assertThat(run("bb", "sh", "-c", "kill -TERM $$").code()).isEqualTo(128 + 15);
    }

    @Test
    void stdoutAndStderrStaySeparate() {
        CliRunner.Result result = run("bb", "sh", "-c", "echo out; echo err >&2; echo more");

        assertThat(result.out()).isEqualTo("out\nmore\n");
        assertThat(result.err()).isEqualTo("err\n");
    }

    @Test
    void withInteractiveStdinIsPassedThrough() {
        CliRunner.Result result = cli.run(new ByteArrayInputStream("hi\nthere\n".getBytes(StandardCharsets.UTF_8)),
                "run", "-i", "bb", "cat");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("hi\nthere\n");
    }

    @Test
    void withoutInteractiveStdinIsEmpty() {
        CliRunner.Result result = cli.run(new ByteArrayInputStream("ignored\n".getBytes(StandardCharsets.UTF_8)),
                "run", "bb", "sh", "-c", "cat; echo end");

        assertThat(result.out()).isEqualTo("end\n");
    }

    // ---- the image's config and the flags over it ----

    @Test
    void theImagesEntrypointCmdUserAndWorkdirApply() {
        CliRunner.Result result = run("configured");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("entrypoint cmd\n");
        assertThat(run("--entrypoint", "sh", "configured", "-c", "id -un; pwd").out()).isEqualTo("app\n/home/app/work\n");
    }

    @Test
    void argumentsReplaceCmdButKeepTheEntrypoint() {
        assertThat(run("configured", "given", "words").out()).isEqualTo("entrypoint given words\n");
    }

    @Test
    void entrypointReplacesTheImagesAndDropsItsCmd() {
        assertThat(run("--entrypoint", "echo", "configured").out()).isEqualTo("\n");
        assertThat(run("--entrypoint", "", "configured", "echo", "plain").out()).isEqualTo("plain\n");
    }

    @Test
    void anImageWithoutACommandNeedsOne() {
        CliRunner.Result result = run("nocmd");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("lamina: error: no command specified").hasLineCount(1);
        assertThat(run("nocmd", "echo", "given").out()).isEqualTo("given\n");
    }

    @Test
    void environmentComesFromTheImageTheEnvFileAndE() throws IOException {
        Files.writeString(work.resolve("vars.env"), "# a comment\n\nFROM_FILE=file value\nOVERRIDDEN=file\nCALLER\n");
        cli.env("CALLER", "from caller").env("PASSED", "passed on");

        CliRunner.Result env = run("--env-file", "vars.env", "-e", "OVERRIDDEN=flag", "-e", "PASSED", "-e", "DROPPED",
                "-e", "EMPTY=", "--entrypoint", "env", "configured");
        assertThat(env.code()).as(env.err()).isZero();
        assertThat(env.out().lines()).contains("FROM_IMAGE=image", "FROM_FILE=file value", "OVERRIDDEN=flag",
                "CALLER=from caller", "PASSED=passed on", "EMPTY=", "PATH=/bin", "HOME=/home/app")
                .noneMatch(l -> l.startsWith("DROPPED="));
    }

    @Test
    void userAndWorkdirFlagsOverrideTheImage() {
        CliRunner.Result result = run("-u", "0:0", "-w", "/tmp/new/dir", "--entrypoint", "sh", "configured", "-c",
                "id -u; pwd");

        assertThat(result.out()).isEqualTo("0\n/tmp/new/dir\n");
        assertThat(run("-u", "1000", "bb", "id", "-u").out()).isEqualTo("1000\n");
    }

    @Test
    void anUnknownUserIsLaminasError() {
        CliRunner.Result result = run("-u", "nobody-here", "bb", "true");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("lamina: error: unable to find user nobody-here: no matching entries in"
                + " passwd file\n");
    }

    // ---- isolation ----

    @Test
    void theCommandIsTheInitsChildWithItsOwnHostname() {
        String[] lines = run("bb", "sh", "-c", "echo $$ $PPID; hostname").out().split("\n");

        assertThat(lines[0]).isEqualTo("2 1");
        assertThat(lines[1]).matches("[0-9a-f]{12}");
        assertThat(run("--hostname", "box", "bb", "hostname").out()).isEqualTo("box\n");
    }

    @Test
    void noHostProcessIsVisible() {
        String pids = run("bb", "sh", "-c", "ls /proc | grep '^[0-9]'").out();

        assertThat(pids.lines()).isNotEmpty().allSatisfy(pid -> assertThat(Integer.parseInt(pid)).isLessThan(10));
    }

    @Test
    void networkNoneHasOnlyLoopback() {
        assertThat(run("--network", "none", "bb", "ls", "/sys/class/net").out()).isEqualTo("lo\n");
        assertThat(run("bb", "ls", "/sys/class/net").out().lines().count()).as("the host's").isGreaterThan(1);
    }

    @Test
    void aMemoryHogIsKilledAndReportedAsOutOfMemory() {
        CliRunner.Result result = run("--memory", "64m", "bb", "sh", "-c", "x=a; while true; do x=$x$x; done");

        assertThat(result.code()).isEqualTo(137);
        assertThat(result.err()).isEqualTo("lamina: error: the command was killed: out of memory (--memory 64m)\n");
    }

    @Test
    void pidsLimitStopsForking() {
        CliRunner.Result result = run("--pids-limit", "10", "bb", "sh", "-c",
                "for i in $(seq 1 30); do sleep 2 & done; echo all started");

        assertThat(result.code()).isNotZero();
        assertThat(result.out()).doesNotContain("all started");
        assertThat(result.err()).contains("can't fork");
    }

    @Test
    void eachRunGetsAFreshCopyAndTheStoreIsUntouched() throws IOException {
        run("bb", "true"); // the store's run area exists from now on
        Map<String, String> store = tree(root);

        CliRunner.Result write = run("bb", "sh", "-c", "echo x > /marker; rm /bin/ls; mkdir -p /d/e; chmod 000 /d /d/e;"
                + " exit 5");
        CliRunner.Result read = run("bb", "sh", "-c", "ls /marker /bin/ls");

        assertThat(write.code()).isEqualTo(5);
        assertThat(read.out()).isEqualTo("/bin/ls\n");
        assertThat(read.err()).contains("/marker");
        assertThat(tree(root)).isEqualTo(store);
        assertThat(root.resolve("lamina/run")).isEmptyDirectory();
    }

    @Test
    void nothingIsMountedOnTheHostDuringOrAfterARun() throws Exception {
        // Other processes on the machine may mount things meanwhile: what must never appear is lamina's.
        CompletableFuture<CliRunner.Result> running = CompletableFuture.supplyAsync(
                () -> run("-v", work + ":/mnt/host", "bb", "sh", "-c", "echo started > /mnt/host/started; sleep 2"));
        Path started = work.resolve("started");
        for (int i = 0; i < 200 && !Files.exists(started); i++) {
            Thread.sleep(25);
        }
        String during = Files.readString(Path.of("/proc/self/mountinfo"));
        CliRunner.Result result = running.get(60, TimeUnit.SECONDS);
        String after = Files.readString(Path.of("/proc/self/mountinfo"));

        assertThat(started).as("the command ran").exists();
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(during.lines()).noneMatch(l -> l.contains(root.toString()) || l.contains(work.toString()));
        assertThat(after.lines()).noneMatch(l -> l.contains(root.toString()) || l.contains(work.toString()));
    }

    @Test
    void aCopyLeftByAKilledLaminaIsRemovedByTheNextRun() throws IOException {
        Path abandoned = Files.createDirectories(root.resolve("lamina/run/999999999-left/rootfs/etc"));
        Files.writeString(abandoned.resolve("passwd"), "x");

        assertThat(run("bb", "true").code()).isZero();
        assertThat(root.resolve("lamina/run")).isEmptyDirectory();
    }

    @Test
    void aVolumeIsBoundReadOnlyWhenAsked() throws IOException {
        Files.writeString(work.resolve("shared.txt"), "from the host\n");

        CliRunner.Result rw = run("-v", work + ":/mnt/host", "bb", "sh", "-c", "cat /mnt/host/shared.txt; echo w > /mnt/host/new");
        CliRunner.Result ro = run("-v", work + ":/mnt/host:ro", "bb", "sh", "-c", "echo w > /mnt/host/other");

        assertThat(rw.out()).isEqualTo("from the host\n");
        assertThat(work.resolve("new")).hasContent("w");
        assertThat(ro.code()).isNotZero();
        assertThat(ro.err()).contains("Read-only file system");
        assertThat(work.resolve("other")).doesNotExist();
    }

    @Test
    void aStoreImageRunsOnAnOverlayOfItsExtractedLayersAndAnotherTransportOnACopy() {
        assertThat(cli.run("copy", "bb", "oci:layout:overlay").code()).isZero();

        CliRunner.Result stored = run("bb", "sh", "-c", "grep ' / ' /proc/mounts | cut -d' ' -f1,3");
        CliRunner.Result copied = run("oci:layout:overlay", "sh", "-c", "grep ' / ' /proc/mounts | cut -d' ' -f3");

        assertThat(stored.out()).as(stored.err()).isEqualTo("overlay overlay\n");
        assertThat(root.resolve("lamina/snapshots/diff")).isNotEmptyDirectory();
        assertThat(copied.out()).as(copied.err()).doesNotContain("overlay");
        assertThat(root.resolve("lamina/run")).isEmptyDirectory();
    }

    @Test
    void runsImagesFromOtherTransports() {
        assertThat(cli.run("copy", "bb", "oci:layout:v1").code()).isZero();

        CliRunner.Result result = run("--rm", "oci:layout:v1", "echo", "from a layout");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("from a layout\n");
    }

    @Test
    void runsThroughRuncWhenAsked() {
        CliRunner.Result result = run("--runtime", "runc", "bb", "sh", "-c", "echo $$; exit 4");

        assertThat(result.code()).as(result.err()).isEqualTo(4);
        assertThat(result.out()).isEqualTo("1\n");
    }

    // ---- errors ----

    @Test
    void aBadReferenceIsOneLineAndExit1() {
        CliRunner.Result result = run("no-such-image", "true");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("lamina: error: ").hasLineCount(1);
        assertThat(root.resolve("lamina/run")).isEmptyDirectory();
    }

    @Test
    void aBadFlagIsAUsageError() {
        assertThat(run("--no-such-flag", "bb").code()).isEqualTo(2);
        assertThat(run("-w", "relative", "bb", "true").code()).isEqualTo(2);
        assertThat(run("--network", "bridge", "bb", "true").code()).isEqualTo(2);
        assertThat(run("-v", "named:/data", "bb", "true").code()).isEqualTo(2);
        assertThat(run("--memory", "lots", "bb", "true").code()).isEqualTo(2);
        assertThat(run().code()).isEqualTo(2);
    }

    @Test
    void aTerminalNeedsLaminasOwnStreams() {
        CliRunner.Result result = run("-i", "-t", "bb", "true");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("lamina: error: -t needs lamina's own standard streams (it is not available"
                + " when lamina is embedded)\n");
    }

    /** Every file under {@code dir} (but the run directory), size and time: equal maps mean nothing changed. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!p.startsWith(dir.resolve("lamina/run"))) {
                    files.put(dir.relativize(p).toString(), Files.size(p) + " "
                            + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
                }
            }
        }
        return files;
    }
}
