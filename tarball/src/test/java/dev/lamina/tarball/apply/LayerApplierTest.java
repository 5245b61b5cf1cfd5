package dev.lamina.tarball.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.Digest;
import dev.lamina.tarball.fs.HostFileSystem;
import dev.lamina.tarball.testing.HostileTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OCI layer semantics of applying: whiteouts, opaque directories, replacement, links and metadata. */
class LayerApplierTest {
    @TempDir
    Path root;

    private final List<String> warnings = new ArrayList<>();

    private AppliedLayer apply(HostileTar tar) throws IOException {
        return apply(tar, ApplyOptions.defaults(warnings::add));
    }

    private AppliedLayer apply(HostileTar tar, ApplyOptions options) throws IOException {
        return new LayerApplier(root, options).apply(new ByteArrayInputStream(tar.end().bytes()), "layer");
    }

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWhiteoutDeletesAFileOrADirectoryWithItsContentFromBelow() throws IOException {
        apply(new HostileTar().dir("etc").file("etc/a", "1").dir("etc/sub").file("etc/sub/b", "2").file("keep", "k"));
        apply(new HostileTar().file("etc/.wh.a", "").file("etc/.wh.sub", ""));
        assertThat(names(root.resolve("etc"))).isEmpty();
        assertThat(root.resolve("keep")).exists();
    }

    @Test
    void anOpaqueDirectoryHidesOnlyWhatTheLayersBelowPutThere() throws IOException {
        apply(new HostileTar().dir("d").file("d/lower", "1").dir("d/sub").file("d/sub/lower", "2"));
        apply(new HostileTar().dir("d").file("d/before", "same layer, before the marker")
                .file("d/.wh..wh..opq", "").dir("d/sub").file("d/sub/after", "3").file("d/after", "4"));
        assertThat(names(root.resolve("d"))).containsExactly("after", "before", "sub");
        assertThat(names(root.resolve("d/sub"))).containsExactly("after");
    }

    @Test
    void anOpaqueMarkerKeepsDirectoriesThisLayerWroteIntoWithoutNamingThem() throws IOException {
        apply(new HostileTar().dir("d").dir("d/sub").file("d/sub/lower", "1"));
        apply(new HostileTar().file("d/sub/new", "written without a directory entry").file("d/.wh..wh..opq", ""));
        assertThat(names(root.resolve("d/sub"))).containsExactly("new");
    }

    @Test
    void aWhiteoutDoesNotDeleteWhatTheSameLayerWrote() throws IOException {
        apply(new HostileTar().file("f", "lower"));
        apply(new HostileTar().file("f", "upper").file(".wh.f", ""));
        assertThat(root.resolve("f")).hasContent("upper");
    }

    @Test
    void entriesReplaceWhatIsThereAcrossTypes() throws IOException {
        apply(new HostileTar().file("a", "file").dir("b").file("b/x", "1").symlink("c", "target"));
        apply(new HostileTar().dir("a").symlink("b", "elsewhere").file("c", "now a file"));
        assertThat(root.resolve("a")).isDirectory();
        assertThat(Files.readSymbolicLink(root.resolve("b")).toString()).isEqualTo("elsewhere");
        assertThat(root.resolve("c")).isRegularFile().hasContent("now a file");
    }

    @Test
    void aDirectoryEntryMergesWithTheDirectoryBelow() throws IOException {
        apply(new HostileTar().dir("d").file("d/lower", "1"));
        apply(new HostileTar().dir("d").file("d/upper", "2"));
        assertThat(names(root.resolve("d"))).containsExactly("lower", "upper");
    }

    @Test
    void hardlinksShareTheirInode() throws IOException {
        apply(new HostileTar().file("bin/busybox", "binary").hardlink("bin/sh", "bin/busybox"));
        Object first = Files.getAttribute(root.resolve("bin/busybox"), "unix:ino");
        assertThat(Files.getAttribute(root.resolve("bin/sh"), "unix:ino")).isEqualTo(first);
        assertThat(Files.getAttribute(root.resolve("bin/sh"), "unix:nlink")).isEqualTo(2);
    }

    @Test
    void missingParentsAreCreated() throws IOException {
        apply(new HostileTar().file("a/b/c/file", "deep"));
        assertThat(root.resolve("a/b/c/file")).hasContent("deep");
        assertThat(Files.getAttribute(root.resolve("a/b"), "unix:mode")).isEqualTo(040755);
    }

    @Test
    void directoryTimesAreSetAfterTheirChildren() throws IOException {
        apply(new HostileTar().dir("d").file("d/a", "1").dir("d/e").file("d/e/b", "2"));
        // HostileTar stamps every entry with 1_600_000_000
        assertThat(Files.getLastModifiedTime(root.resolve("d"))).isEqualTo(FileTime.from(Instant.ofEpochSecond(1_600_000_000)));
        assertThat(Files.getLastModifiedTime(root.resolve("d/e"))).isEqualTo(FileTime.from(Instant.ofEpochSecond(1_600_000_000)));
        assertThat(Files.getLastModifiedTime(root.resolve("d/a"))).isEqualTo(FileTime.from(Instant.ofEpochSecond(1_600_000_000)));
    }

    @Test
    void setuidSetgidAndStickyBitsSurvive() throws IOException {
        apply(new HostileTar().file("su", "x", 04755).file("wall", "y", 02755).entry("tmp", '5', new byte[0], "", 01777));
        assertThat(Files.getAttribute(root.resolve("su"), "unix:mode")).isEqualTo(0104755);
        assertThat(Files.getAttribute(root.resolve("wall"), "unix:mode")).isEqualTo(0102755);
        assertThat(Files.getAttribute(root.resolve("tmp"), "unix:mode")).isEqualTo(041777);
    }

    @Test
    void fifosAreCreatedWithoutPrivilege() throws IOException {
        apply(new HostileTar().fifo("run/pipe"), ApplyOptions.defaults(warnings::add)
                .withFileSystem(HostFileSystem.unprivileged()));
        assertThat(Files.readAttributes(root.resolve("run/pipe"), java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
        assertThat(warnings).isEmpty();
    }

    @Test
    void theRootEntrySetsTheRootsMode() throws IOException {
        apply(new HostileTar().entry("./", '5', new byte[0], "", 0750).file("./x", "1"));
        assertThat(Files.getAttribute(root, "unix:mode")).isEqualTo(040750);
    }

    @Test
    void returnsTheDiffIdOfTheTarItRead() throws IOException {
        HostileTar tar = new HostileTar().file("a", "1").end();
        AppliedLayer applied = new LayerApplier(root, ApplyOptions.defaults(warnings::add))
                .apply(new ByteArrayInputStream(tar.gzipped()), "layer");
        assertThat(applied.diffId()).isEqualTo(Digest.sha256(tar.bytes()));
        assertThat(applied.size()).isEqualTo(tar.bytes().length);
        assertThat(applied.entries()).isEqualTo(1);
    }

    @Test
    void rootlessApplyingWritesIntoAReadOnlyDirectoryFromBelowAndRestoresIt() throws IOException {
        ApplyOptions rootless = ApplyOptions.defaults(warnings::add).withFileSystem(HostFileSystem.unprivileged());
        apply(new HostileTar().entry("ro", '5', new byte[0], "", 0555).file("ro/a", "1", 0444), rootless);
        apply(new HostileTar().file("ro/b", "2").file("ro/.wh.a", ""), rootless);
        assertThat(names(root.resolve("ro"))).containsExactly("b");
        assertThat(Files.getAttribute(root.resolve("ro"), "unix:mode")).isEqualTo(040555);
        assertThat(Files.getLastModifiedTime(root.resolve("ro"))).isEqualTo(FileTime.from(Instant.ofEpochSecond(1_600_000_000)));
    }

    @Test
    void ownersAndCapabilitiesAreAppliedWhenPrivileged() throws IOException {
        HostFileSystem fs = HostFileSystem.create();
        org.junit.jupiter.api.Assumptions.assumeTrue(fs.privileged(), "needs root");
        byte[] capability = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        apply(new HostileTar().pax(java.util.Map.of("SCHILY.xattr.security.capability",
                        new String(capability, StandardCharsets.ISO_8859_1), "uid", "1234", "gid", "5678"))
                .file("ping", "x", 0755));
        Path ping = root.resolve("ping");
        assertThat(Files.getAttribute(ping, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1234);
        assertThat(Files.getAttribute(ping, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(5678);
        assertThat(fs.xattrs(ping)).containsKey("security.capability");
    }
}
