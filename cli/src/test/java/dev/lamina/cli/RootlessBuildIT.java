package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.testing.Peers;
import dev.lamina.image.testing.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lamina run by an unprivileged user (nobody, through setpriv), on the packaged jar: a build's RUN steps get a
 * user namespace in which that user is root, so they work on the image's files owned by root, and the layer
 * records root's ownership, not nobody's. The HOME given is the only place lamina may write besides its store.
 */
@Tag("root")
class RootlessBuildIT {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    private Path jar;
    private Path home;
    private Path store;

    @BeforeEach
    void nobodysFiles() throws IOException {
        // JUnit's directory is private, and the build's own may be under /root: nobody gets a copy of the jar.
        Files.setAttribute(dir, "unix:mode", 0755);
        jar = Files.copy(ProjectRoot.get().resolve("cli/target/lamina.jar"), dir.resolve("lamina.jar"));
        Files.setAttribute(jar, "unix:mode", 0644);
        home = Files.createDirectories(dir.resolve("home"));
        store = dir.resolve("store");
        Path rootfs = Files.createDirectories(dir.resolve("context/rootfs/bin"));
        Files.copy(Peers.require("busybox").toRealPath(), rootfs.resolve("busybox"));
        for (String applet : List.of("sh", "echo", "rm", "mkdir", "id", "chown", "stat")) {
            Files.createSymbolicLink(rootfs.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(dir.resolve("context/rootfs/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\n");
        Files.writeString(dir.resolve("context/Dockerfile"), """
                FROM scratch
                COPY rootfs/ /
                RUN echo "inside: $(id -u)" && echo hello > /etc/motd && rm /etc/group && mkdir /opt \\
                    && chown 0:0 /opt && stat -c 'passwd %u:%g' /etc/passwd
                """);
        chownTree(home);
        Files.createDirectories(store);
        chownTree(store);
    }

    @Test
    void runStepsWorkOnRootsFilesAndRecordRootsOwnership() {
        Peers.Result build = asNobody("build", "--progress", "plain", "-t", "rootless:1",
                dir.resolve("context").toString());

        assertThat(build.exitCode()).as(build.stderr()).isZero();
        assertThat(build.stderr()).contains("inside: 0", "passwd 0:0");
        Peers.Result diff = asNobody("diff", "--layer", "2", "--format", "json", "rootless:1");
        assertThat(diff.exitCode()).as(diff.stderr()).isZero();
        assertThat(diff.stdout()).contains("\"/etc/motd\"", "\"/etc/group\"", "\"/opt\"");
        assertThat(owners(store)).as("everything in the store is nobody's").containsOnly(NOBODY);

        // unpacked by root, the layer's entries show the owners it recorded
        Path unpacked = dir.resolve("unpacked");
        Peers.Result unpack = lamina(List.of(), "unpack", "rootless:1", unpacked.toString());
        assertThat(unpack.exitCode()).as(unpack.stderr()).isZero();
        assertThat(owners(unpacked.resolve("etc/motd"))).containsOnly(0);
        assertThat(owners(unpacked.resolve("opt"))).containsOnly(0);
        assertThat(unpacked.resolve("etc/group")).doesNotExist();
    }

    private Peers.Result asNobody(String... args) {
        return lamina(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"), args);
    }

    private Peers.Result lamina(List<String> wrapper, String... args) {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--root", store.toString()));
        command.addAll(List.of(args));
        return Peers.run(command, Map.of("HOME", home.toString(), "XDG_RUNTIME_DIR", ""), Duration.ofMinutes(2));
    }

    private static List<Integer> owners(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(p -> {
                try {
                    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chownTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Files.setAttribute(path, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }
}
