package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.builder.testing.BusyboxRootfs;
import dev.lamina.builder.testing.CapturingSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An overlay root, mounted by the helper inside the step's mount namespace: the upper directory gets the
 * command's changes and nothing else, the layers stay untouched, and the host never sees the mount. Root.
 */
@Tag("root")
class OverlayRootfsTest {
    @TempDir
    Path temp;

    @Test
    void upperDirectoryHoldsExactlyTheCommandsChanges() throws IOException {
        Path base = BusyboxRootfs.create(temp.resolve("base"));
        Path second = Files.createDirectories(temp.resolve("second/etc"));
        Files.writeString(second.resolve("motd"), "from the second layer\n");
        Path upper = Files.createDirectories(temp.resolve("upper"));
        Path work = Files.createDirectories(temp.resolve("work"));
        Map<String, String> baseBefore = BusyboxRootfs.snapshot(base);
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        Rootfs rootfs = new Rootfs.Overlay(List.of(temp.resolve("second"), base), upper, work);
        Runner runner = Runner.namespaces(TestSettings.in(temp));
        CapturingSink changes = new CapturingSink();
        CapturingSink asUser = new CapturingSink();

        RunResult changed = runner.run(RunSpec.of(rootfs, List.of("sh", "-c", """
                cat /etc/motd
                grep -c localhost /etc/hosts
                echo made > /tmp/new
                rm /etc/group
                """)).withHostname("layered"), changes);
        // The user comes from the layers' passwd; the group file the first step deleted is gone for it too.
        RunResult user = runner.run(RunSpec.of(rootfs, List.of("sh", "-c",
                "id -u; grep Groups /proc/self/status | tr -d ' \t'; cat /tmp/new")).withUser("builder"), asUser);

        assertThat(changed.exitCode()).as(changes.stderr()).isZero();
        assertThat(changes.stdout()).isEqualTo("from the second layer\n2\n");
        assertThat(user.exitCode()).as(asUser.stderr()).isZero();
        assertThat(asUser.stdout()).isEqualTo("1000\nGroups:\nmade\n");
        assertThat(tree(upper)).containsOnlyKeys("/etc", "/etc/group", "/tmp", "/tmp/new");
        assertThat(tree(upper).get("/etc/group")).as("a whiteout").isEqualTo("c0");
        assertThat(BusyboxRootfs.snapshot(base)).isEqualTo(baseBefore);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).isEqualTo(mounts);
    }

    /** Each entry under {@code root}: "d" for a directory, "f" for a file, "c" and the device for a device. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(p -> !p.equals(root)).toList()) {
                int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                String type = switch (mode & 0170000) {
                    case 0040000 -> "d";
                    case 0020000 -> "c" + Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
                    default -> "f";
                };
                entries.put("/" + root.relativize(path), type);
            }
        }
        return entries;
    }
}
