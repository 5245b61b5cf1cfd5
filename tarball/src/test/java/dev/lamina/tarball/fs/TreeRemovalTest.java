package dev.lamina.tarball.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeRemovalTest {
    @TempDir
    Path dir;

    @Test
    void aSymlinkOutOfTheTreeIsRemovedAndWhatItNamesSurvives() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "host data");
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.createSymbolicLink(tree.resolve("escape"), outside);
        Files.createSymbolicLink(dir.resolve("tree/file-escape"), outside.resolve("keep"));

        TreeRemoval.delete(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("keep")).hasContent("host data");
    }

    @Test
    void directoriesMadeUnreadableOrUnwritableAreOpenedUpAndRemoved() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Path locked = Files.createDirectories(tree.resolve("locked/deeper"));
        Files.writeString(locked.resolve("f"), "x");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(tree.resolve("locked"), PosixFilePermissions.fromString("r-x------"));

        TreeRemoval.delete(tree);

        assertThat(tree).doesNotExist();
    }

    /**
     * The same, where the permission bits bind: as root (CI), in a child without capabilities, which can neither
     * read nor write a locked directory it owns until it opens it up; as anyone else, the test above already is that.
     */
    @Test
    void lockedDirectoriesAreOpenedUpByAProcessThatPermissionsBind() throws IOException, InterruptedException {
        Assumptions.assumeTrue(isRoot(), "not root: the test above runs under permission checks already");
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Path locked = Files.createDirectories(tree.resolve("locked/deeper"));
        Files.writeString(locked.resolve("f"), "x");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(tree.resolve("locked"), PosixFilePermissions.fromString("r-x------"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> withoutCapabilities = List.of("setpriv", "--inh-caps=-all", "--ambient-caps=-all",
                "--bounding-set=-all", "--");

        Process denied = new ProcessBuilder(concat(withoutCapabilities, List.of("rm", "-rf", tree.toString())))
                .redirectErrorStream(true).start();
        String refusal = new String(denied.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(denied.waitFor()).as("plain rm -rf is refused there: %s", refusal).isNotZero();

        Process child = new ProcessBuilder(concat(withoutCapabilities, List.of(java, "-cp",
                System.getProperty("java.class.path"), Remove.class.getName(), tree.toString())))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.waitFor()).as(output).isZero();
        assertThat(tree).doesNotExist();
    }

    /** The child: removes the tree it is given. */
    public static final class Remove {
        public static void main(String[] args) throws IOException {
            TreeRemoval.delete(Path.of(args[0]));
        }
    }

    private static boolean isRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void aFileOrNothingIsFine() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        TreeRemoval.delete(file);
        TreeRemoval.delete(dir.resolve("absent"));
        assertThat(Files.exists(file, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aSymlinkAsTheRootIsRemovedNotFollowed() throws IOException {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(target.resolve("keep"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        TreeRemoval.delete(link);

        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(target.resolve("keep")).exists();
    }
}
