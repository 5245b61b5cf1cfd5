package dev.lamina.tarball.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.tarball.fs.FileStat;
import dev.lamina.tarball.fs.HostFileSystem;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.testing.HostileTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer extracted alone, in overlayfs's form, to serve as an overlay lower directory: whiteouts kept as 0:0
 * character devices and opaque markers as {@code trusted.overlay.opaque=y}. Root (mknod, trusted xattrs).
 */
@Tag("root")
class OverlayFormTest {
    @TempDir
    Path root;

    private final HostFileSystem fs = HostFileSystem.create();

    private void apply(HostileTar tar) throws IOException {
        new LayerApplier(root, ApplyOptions.defaults(w -> { }).withOverlayForm(true))
                .apply(new ByteArrayInputStream(tar.end().bytes()), "layer");
    }

    @Test
    void aWhiteoutIsAZeroZeroCharacterDeviceInItsDirectory() throws IOException {
        apply(new HostileTar().dir("etc").file("etc/.wh.group", "").file(".wh.gone", "").file("kept", "k"));

        for (String name : new String[] {"etc/group", "gone"}) {
            FileStat stat = fs.lstat(root.resolve(name)).orElseThrow();
            assertThat(stat.type()).as(name).contains(EntryType.CHAR_DEVICE);
            assertThat(stat.rdev()).as(name).isZero();
        }
        assertThat(root.resolve("kept")).hasContent("k");
    }

    @Test
    void anOpaqueMarkerIsTheOverlayXattrAndTheDirectoryKeepsThisLayersContent() throws IOException {
        apply(new HostileTar().dir("d").file("d/.wh..wh..opq", "").file("d/new", "n"));

        assertThat(fs.xattrs(root.resolve("d"))).containsKey("trusted.overlay.opaque");
        assertThat(new String(fs.xattrs(root.resolve("d")).get("trusted.overlay.opaque"))).isEqualTo("y");
        assertThat(root.resolve("d/new")).hasContent("n");
        assertThat(root.resolve("d/.wh..wh..opq")).doesNotExist();
    }

    @Test
    void aWhiteoutUnderAMissingDirectoryMakesTheDirectory() throws IOException {
        apply(new HostileTar().file("a/b/.wh.c", ""));

        assertThat(root.resolve("a/b")).isDirectory();
        assertThat(fs.lstat(root.resolve("a/b/c")).orElseThrow().type()).contains(EntryType.CHAR_DEVICE);
    }
}
