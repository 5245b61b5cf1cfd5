package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.builder.testing.BusyboxRootfs;
import dev.lamina.builder.testing.CapturingSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rootless path: a user namespace in which the caller is root. Run as root here, both by forcing the
 * namespace with a mapping root may write itself, and by starting lamina as an unprivileged user.
 */
@Tag("root")
class RootlessRunnerTest {
    static final int NOBODY = 65534;
    static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
            "--clear-groups", "--");

    @TempDir
    Path temp;

    @BeforeEach
    void openTemp() throws IOException {
        // JUnit makes its directory private; a root mapped elsewhere must be able to walk through it.
        Files.setAttribute(temp, "unix:mode", 0755);
    }

    @Test
    void forcedNamespaceRunsOnFilesOwnedByItsRootAndMapsOtherIds() throws IOException {
        Path rootfs = rootfsOwnedBy(100_000);
        Files.setAttribute(rootfs.resolve("home/builder"), "unix:uid", 101_000);
        IdMapping range = new IdMapping(0, 100_000, 65536);
        Runner runner = Runner.namespaces(TestSettings.in(temp)
                .withUserNamespace(Optional.of(new UserNamespace(List.of(range), List.of(range), Optional.empty()))));
        Map<String, String> untouched = BusyboxRootfs.snapshot(rootfs);

        CapturingSink root = new CapturingSink();
        RunResult asRoot = runner.run(RunSpec.of(new Rootfs.Directory(rootfs), List.of("sh", "-c", """
                id -u
                ls -ln /etc/passwd | awk '{print $3 ":" $4}'
                touch /etc/made && chown 1000:2000 /etc/made && echo chowned
                head -c 2 /dev/zero | wc -c
                """)).withNetwork(NetworkMode.NONE), root);
        CapturingSink user = new CapturingSink();
        RunResult asUser = runner.run(RunSpec.of(new Rootfs.Directory(rootfs),
                List.of("sh", "-c", "grep -E '^(Uid|Groups)' /proc/self/status")).withUser("builder"), user);

        assertThat(asRoot.exitCode()).as(root.stderr()).isZero();
        assertThat(root.stdout()).isEqualTo("0\n0:0\nchowned\n2\n");
        assertThat(Files.getAttribute(rootfs.resolve("etc/made"), "unix:uid")).isEqualTo(101_000);
        assertThat(Files.getAttribute(rootfs.resolve("etc/made"), "unix:gid")).isEqualTo(102_000);
        assertThat(asUser.exitCode()).as(user.stderr()).isZero();
        assertThat(user.stdout()).contains("Uid:\t1000\t1000", "Groups:\t29 2000");
        Files.delete(rootfs.resolve("etc/made"));
        assertThat(BusyboxRootfs.snapshot(rootfs).keySet()).isEqualTo(untouched.keySet());
    }

    @Test
    void unprivilegedCallerIsRootInsideAndWorksOnItsOwnFiles() throws Exception {
        Path rootfs = rootfsOwnedBy(NOBODY);
        Map<String, String> untouched = BusyboxRootfs.snapshot(rootfs);

        String output = runAsNobody(rootfs, """
                cat /proc/self/uid_map | tr -s ' '
                id -u
                ls -ln /etc/passwd | awk '{print $3}'
                touch /etc/made && chown 0:0 /etc/made && echo chowned
                cat /proc/1/comm
                """);

        assertThat(output).isEqualTo(" 0 65534 1\n0\n0\nchowned\nlamina-init\n");
        assertThat(Files.getAttribute(rootfs.resolve("etc/made"), "unix:uid")).isEqualTo(NOBODY);
        Files.delete(rootfs.resolve("etc/made"));
        assertThat(BusyboxRootfs.snapshot(rootfs).keySet()).isEqualTo(untouched.keySet());
    }

    @Test
    void subordinateIdsAreMappedThroughNewuidmap() throws Exception {
        Path rootfs = rootfsOwnedBy(NOBODY);
        Path subuid = Path.of("/etc/subuid");
        Path subgid = Path.of("/etc/subgid");
        byte[] subuidBefore = Files.readAllBytes(subuid);
        byte[] subgidBefore = Files.readAllBytes(subgid);
        String output;
        try {
            Files.writeString(subuid, new String(subuidBefore) + NOBODY + ":300000:65536\n");
            Files.writeString(subgid, new String(subgidBefore) + NOBODY + ":300000:65536\n");
            output = runAsNobody(rootfs, """
                    cat /proc/self/uid_map | tr -s ' '
                    touch /tmp/owned && chown 1000:2000 /tmp/owned && ls -ln /tmp/owned | awk '{print $3 ":" $4}'
                    """);
        } finally {
            Files.write(subuid, subuidBefore);
            Files.write(subgid, subgidBefore);
        }

        assertThat(output).isEqualTo(" 0 65534 1\n 1 300000 65536\n1000:2000\n");
        assertThat(Files.getAttribute(rootfs.resolve("tmp/owned"), "unix:uid")).isEqualTo(300_999);
        assertThat(Files.getAttribute(rootfs.resolve("tmp/owned"), "unix:gid")).isEqualTo(301_999);
    }

    /** A busybox root file system whose every file belongs to {@code id}, as a rootless user's extraction would. */
    private Path rootfsOwnedBy(int id) {
        Path rootfs = BusyboxRootfs.create(temp.resolve("rootfs"));
        chownTree(rootfs, id);
        return rootfs;
    }

    /** Runs {@code script} through the runner in a JVM started as nobody; returns its stdout. */
    private String runAsNobody(Path rootfs, String script) throws Exception {
        Path scratch = Files.createDirectories(temp.resolve("scratch"));
        Path cache = Files.createDirectories(temp.resolve("cache"));
        chownTree(scratch, NOBODY);
        chownTree(cache, NOBODY);
        try (ProbeJvm lamina = ProbeJvm.start(AS_NOBODY, List.of(rootfs.toString(), scratch.toString(),
                cache.toString(), "0", "sh", "-c", script))) {
            assertThat(lamina.waitFor(Duration.ofSeconds(30))).as(lamina.stderr()).isZero();
            return lamina.stdout();
        }
    }

    private static void chownTree(Path root, int id) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Files.setAttribute(path, "unix:uid", id, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", id, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
