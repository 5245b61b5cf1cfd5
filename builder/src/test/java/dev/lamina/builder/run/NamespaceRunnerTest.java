package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.builder.testing.BusyboxRootfs;
import dev.lamina.builder.testing.CapturingSink;
import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lamina's own runner, for real: these need root (namespaces, cgroups, mounts) and busybox-static. */
@Tag("root")
class NamespaceRunnerTest {
    @TempDir
    static Path shared;
    static Path rootfs;
    static Runner runner;

    @TempDir
    Path temp;

    @BeforeAll
    static void setUp() {
        rootfs = BusyboxRootfs.create(shared.resolve("rootfs"));
        runner = Runner.namespaces(TestSettings.in(shared));
    }

    static RunSpec sh(Path root, String script) {
        return RunSpec.of(new Rootfs.Directory(root), List.of("sh", "-c", script));
    }

    static CapturingSink run(RunSpec spec, int expectedExit) {
        CapturingSink sink = new CapturingSink();
        RunResult result = runner.run(spec, sink);
        assertThat(result.exitCode()).as("exit code; stderr: %s", sink.stderr()).isEqualTo(expectedExit);
        return sink;
    }

    static String mountTable() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"));
    }

    @Test
    void commandIsTheInitsChildWithTheGivenHostname() {
        CapturingSink sink = run(sh(rootfs, "echo $$ $PPID; hostname; cat /etc/hostname").withHostname("stage-1"), 0);

        assertThat(sink.stdout()).isEqualTo("2 1\nstage-1\nstage-1\n");
    }

    @Test
    void seesNoHostProcess() {
        CapturingSink sink = run(sh(rootfs, "ls /proc | grep '^[0-9]' | sort -n | tr '\\n' ' '; echo; ps -o comm"), 0);

        String[] lines = sink.stdout().split("\n");
        // init, the shell, and the shell's children of the pipeline: nothing from the host
        assertThat(lines[0].trim().split(" ")).allSatisfy(pid -> assertThat(Integer.parseInt(pid)).isLessThan(10));
        assertThat(sink.stdout()).doesNotContain("java").contains("lamina-init");
    }

    @Test
    void networkNoneHasOnlyTheLoopbackUp() {
        CapturingSink none = run(sh(rootfs, "ls /sys/class/net; ip -o link show lo").withNetwork(NetworkMode.NONE), 0);
        CapturingSink host = run(sh(rootfs, "ls /sys/class/net"), 0);

        assertThat(none.stdout().lines().findFirst()).hasValue("lo");
        assertThat(none.stdout()).contains("<LOOPBACK,UP,LOWER_UP>");
        assertThat(host.stdout().lines().count()).as("the host's interfaces").isGreaterThan(1);
    }

    @Test
    void providesAMinimalDev() {
        CapturingSink sink = run(sh(rootfs, """
                echo gone > /dev/null
                head -c 3 /dev/zero | wc -c
                head -c 5 /dev/urandom | wc -c
                head -c 5 /dev/random | wc -c
                echo x > /dev/full || echo full-refused
                ls /dev/pts/ptmx /dev/shm /dev/mqueue >/dev/null && echo dirs
                for l in fd stdin stdout stderr ptmx; do readlink /dev/$l; done
                echo to-stderr > /dev/stderr
                touch /dev/shm/x && echo shm-writable
                ls -l /dev/tty | cut -c1
                """), 0);

        assertThat(sink.stdout()).isEqualTo("""
                3
                5
                5
                full-refused
                dirs
                /proc/self/fd
                /proc/self/fd/0
                /proc/self/fd/1
                /proc/self/fd/2
                pts/ptmx
                shm-writable
                c
                """);
        assertThat(sink.stderr()).contains("to-stderr");
    }

    @Test
    void procIsFreshAndSysReadOnly() {
        CapturingSink sink = run(sh(rootfs, """
                cat /proc/1/comm
                touch /sys/x 2>/dev/null || echo sys-read-only
                echo 1 > /proc/sys/kernel/domainname 2>/dev/null || echo proc-sys-read-only
                """), 0);

        assertThat(sink.stdout()).isEqualTo("lamina-init\nsys-read-only\nproc-sys-read-only\n");
    }

    @Test
    void userByNameGetsItsGroupsFromTheRootfs() {
        CapturingSink sink = run(sh(rootfs, "grep -E '^(Uid|Gid|Groups)' /proc/self/status; echo $HOME; id")
                .withUser("builder"), 0);

        assertThat(sink.stdout()).contains("Uid:\t1000\t1000\t1000\t1000", "Gid:\t1000\t1000\t1000\t1000",
                "Groups:\t29 2000", "/home/builder\n", "uid=1000(builder) gid=1000(builder)");
    }

    @Test
    void numericUserWithoutPasswdEntryRunsWithGroupZero() {
        CapturingSink sink = run(sh(rootfs, "id -u; id -g; grep Groups /proc/self/status | tr -d ' \t'; echo $HOME")
                .withUser("4242"), 0);

        assertThat(sink.stdout()).isEqualTo("4242\n0\nGroups:\n/\n");
    }

    @Test
    void explicitGroupReplacesSupplementaryGroups() {
        CapturingSink byName = run(sh(rootfs, "id -u; id -g; grep Groups /proc/self/status | tr -d ' \t'")
                .withUser("builder:extra"), 0);
        CapturingSink byId = run(sh(rootfs, "id -u; id -g").withUser("1000:77"), 0);

        assertThat(byName.stdout()).isEqualTo("1000\n2000\nGroups:\n");
        assertThat(byId.stdout()).isEqualTo("1000\n77\n");
    }

    @Test
    void unknownUserNameIsOneClearError() {
        assertThatThrownBy(() -> runner.run(sh(rootfs, "true").withUser("ghost"), new CapturingSink()))
                .isInstanceOf(LaminaException.class)
                .hasMessage("unable to find user ghost: no matching entries in passwd file");
    }

    @Test
    void rootKeepsOnlyDockersDefaultCapabilities() {
        CapturingSink sink = run(sh(rootfs, "grep -E '^Cap(Eff|Bnd)' /proc/self/status"), 0);

        assertThat(sink.stdout()).isEqualTo("CapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\n");
    }

    @Test
    void workdirIsCreatedForTheUserAndEnvApplied() throws IOException {
        Path root = BusyboxRootfs.create(temp.resolve("rootfs"));

        CapturingSink sink = run(sh(root, "pwd; echo $GREETING; echo $PATH; touch here")
                .withUser("builder").withWorkdir("/srv/app").withEnv(Map.of("GREETING", "hello there")), 0);

        assertThat(sink.stdout()).isEqualTo("/srv/app\nhello there\n" + CommandEnvironment.DEFAULT_PATH + "\n");
        assertThat(Files.getAttribute(root.resolve("srv/app"), "unix:uid")).isEqualTo(1000);
        assertThat(root.resolve("srv/app/here")).exists();
    }

    @Test
    void exitCodesAndSignalsPropagate() {
        RunResult exited = runner.run(sh(rootfs, "exit 7"), new CapturingSink());
        RunResult killed = runner.run(sh(rootfs, "kill -KILL $$"), new CapturingSink());

        assertThat(exited.exitCode()).isEqualTo(7);
        assertThat(exited.signal()).isEmpty();
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(killed.signal()).hasValue(9);
        assertThat(killed.oomKilled()).isFalse();
    }

    @Test
    void stdoutAndStderrReachTheSinkSeparately() {
        CapturingSink sink = run(sh(rootfs, "echo out; echo err >&2; echo more"), 0);

        assertThat(sink.stdout()).isEqualTo("out\nmore\n");
        assertThat(sink.stderr()).isEqualTo("err\n");
    }

    @Test
    void missingCommandIsOneClearError() {
        assertThatThrownBy(() -> runner.run(RunSpec.of(new Rootfs.Directory(rootfs), List.of("no-such-tool")),
                new CapturingSink()))
                .isInstanceOf(LaminaException.class)
                .hasMessage("cannot run no-such-tool: cannot execute no-such-tool: executable file not found in $PATH");
    }

    @Test
    void etcFilesAreMountedAndNothingIsLeftInTheRootfs() {
        Path root = BusyboxRootfs.create(temp.resolve("rootfs"));
        Map<String, String> before = BusyboxRootfs.snapshot(root);

        CapturingSink sink = run(sh(root, "cat /etc/hosts /etc/hostname; grep -c nameserver /etc/resolv.conf;"
                + " echo extra >> /etc/hosts; ls -d /proc /dev /sys").withHostname("h1"), 0);

        assertThat(sink.stdout()).startsWith("127.0.0.1\tlocalhost h1\n").contains("\nh1\n", "/dev\n/proc\n/sys\n");
        assertThat(BusyboxRootfs.snapshot(root)).isEqualTo(before);
    }

    @Test
    void existingEtcFilesInTheRootfsAreShadowedNotChanged() throws IOException {
        Path root = BusyboxRootfs.create(temp.resolve("rootfs"));
        Files.writeString(root.resolve("etc/hosts"), "10.0.0.1 image-host\n");
        Map<String, String> before = BusyboxRootfs.snapshot(root);

        CapturingSink sink = run(sh(root, "cat /etc/hosts; echo changed > /etc/hosts"), 0);

        assertThat(sink.stdout()).contains("localhost").doesNotContain("image-host");
        assertThat(BusyboxRootfs.snapshot(root)).isEqualTo(before);
        assertThat(root.resolve("etc/hosts")).hasContent("10.0.0.1 image-host");
    }

    @Test
    void hostMountTableIsTheSameDuringAndAfterAStep() throws Exception {
        String before = mountTable();
        CapturingSink sink = new CapturingSink();
        Path secret = Files.writeString(temp.resolve("secret"), "s3cret");
        RunSpec spec = sh(rootfs, "echo started; sleep 0.5").withMounts(List.of(
                new RunMount.Tmpfs("/scratch", OptionalLong.empty()),
                RunMount.Secret.of(secret, "/run/secrets/token")));

        CompletableFuture<RunResult> step = CompletableFuture.supplyAsync(() -> runner.run(spec, sink));
        assertThat(sink.awaitStdout("started", Duration.ofSeconds(10))).isTrue();
        String during = mountTable();
        assertThat(step.get(10, TimeUnit.SECONDS).exitCode()).isZero();

        assertThat(during).isEqualTo(before);
        assertThat(mountTable()).isEqualTo(before);
    }

    @Test
    void bindCacheTmpfsAndSecretMounts() throws IOException {
        Path root = BusyboxRootfs.create(temp.resolve("rootfs"));
        Path source = Files.createDirectories(temp.resolve("context"));
        Files.writeString(source.resolve("input.txt"), "from the context\n");
        Path cache = Files.createDirectories(temp.resolve("cache"));
        Path secret = Files.writeString(temp.resolve("secret"), "s3cret\n");
        Map<String, String> before = BusyboxRootfs.snapshot(root);

        CapturingSink sink = run(sh(root, """
                cat /src/input.txt
                touch /src/new 2>/dev/null || echo bind-read-only
                echo kept > /var/cache/app/entry
                echo gone > /scratch/file && echo tmpfs-writable
                cat /run/secrets/token
                ls -ln /run/secrets/token | cut -c1-10
                echo x > /run/secrets/token 2>/dev/null || echo secret-read-only
                """).withMounts(List.of(
                new RunMount.Bind(source, "/src", true),
                new RunMount.Cache(cache, "/var/cache/app"),
                new RunMount.Tmpfs("/scratch", OptionalLong.of(1 << 20)),
                RunMount.Secret.of(secret, "/run/secrets/token"))), 0);

        assertThat(sink.stdout()).isEqualTo("""
                from the context
                bind-read-only
                tmpfs-writable
                s3cret
                -r--------
                secret-read-only
                """);
        assertThat(cache.resolve("entry")).hasContent("kept");
        assertThat(source.resolve("new")).doesNotExist();
        assertThat(BusyboxRootfs.snapshot(root)).isEqualTo(before);
    }

    @Test
    void readWriteBindWritesThrough() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("out"));

        run(sh(rootfs, "echo written > /out/file").withMounts(List.of(new RunMount.Bind(dir, "/out", false))), 0);

        assertThat(dir.resolve("file")).hasContent("written");
    }

    @Test
    void interruptingTheCallerKillsTheStep() throws Exception {
        InterruptedStep step = InterruptedStep.run(runner, sh(rootfs, "echo started; exec sleep 4711"));

        assertThat(step.toEnd()).isLessThan(Duration.ofSeconds(5));
        assertThat(step.failure()).isInstanceOf(LaminaException.class).hasMessageContaining("interrupted");
        assertThat(InterruptedStep.processes("sleep 4711")).isEmpty();
    }

    @Test
    void inheritedStdioGivesTheCommandLaminasOwnStreams() throws Exception {
        try (ProbeJvm lamina = ProbeJvm.start(List.of(), List.of(rootfs.toString(), shared.resolve("scratch").toString(),
                shared.resolve("cache").toString(), "0", "sh", "-c", "tr a-z A-Z; echo done >&2"),
                Map.of("LAMINA_PROBE_STDIO", "INHERIT"))) {
            try (var stdin = lamina.process().getOutputStream()) {
                stdin.write("typed by a user\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }

            assertThat(lamina.waitFor(Duration.ofSeconds(20))).as(lamina.stderr()).isZero();
            assertThat(lamina.stdout()).isEqualTo("TYPED BY A USER\n");
            assertThat(lamina.stderr()).isEqualTo("done\n");
        }
    }
}
