package dev.lamina.tarball.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
