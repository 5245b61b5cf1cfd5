package dev.lamina.tarball.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Platform;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreSource;
import dev.lamina.image.testing.Peers;
import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.apply.ImageUnpacker;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.oci.OciLayoutDestination;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.testing.Images;
import dev.lamina.tarball.testing.LayeredImages;
import dev.lamina.tarball.testing.RootfsComparison;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code umoci unpack} of a layout lamina writes gives the same root filesystem as lamina's own unpack: names,
 * types, modes (setuid included), owners, link targets and content, across layers with whiteouts, an opaque
 * directory and replacements.
 */
@Tag("peer")
class UmociUnpackTest {
    @TempDir
    Path dir;

    private static void file(dev.lamina.tarball.layer.LayerWriter w, String name, String content, int mode, long uid)
            throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        w.add(TarEntry.file(name, bytes.length).toBuilder().mode(mode).owner(uid, uid).build(),
                new ByteArrayInputStream(bytes));
    }

    @Test
    void umociAndLaminaUnpackTheSameRootFilesystem() throws IOException {
        String umoci = Peers.require("umoci").toString();
        Store store = Store.open(dir.resolve("store"));
        Descriptor image = LayeredImages.build(store, "rich:1", LayerOptions.defaults(), List.of(
                w -> {
                    w.add(TarEntry.directory("etc"));
                    file(w, "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0);
                    file(w, "etc/shadow", "root:*:1::::::\n", 0640, 0);
                    w.add(TarEntry.directory("usr/bin"));
                    file(w, "usr/bin/su", "setuid binary", 04755, 0);
                    file(w, "usr/bin/tool", "tool", 0755, 1000);
                    // a hardlink carries its file's metadata, as tar writes it (Docker applies it, umoci does not)
                    w.add(TarEntry.hardlink("usr/bin/tool-alias", "usr/bin/tool").toBuilder().mode(0755)
                            .owner(1000, 1000).build());
                    w.add(TarEntry.symlink("usr/bin/sh", "/bin/busybox"));
                    w.add(TarEntry.symlink("usr/lib64", "lib"));
                    w.add(TarEntry.builder("srv", EntryType.DIRECTORY).mode(02775).owner(1000, 1000).build());
                    w.add(TarEntry.directory("var/cache/apt"));
                    file(w, "var/cache/apt/pkgcache.bin", "cache", 0644, 0);
                    file(w, "var/cache/apt/srcpkgcache.bin", "cache2", 0644, 0);
                    w.add(TarEntry.directory("opt/app"));
                    file(w, "opt/app/old", "old", 0644, 0);
                    file(w, "swap", "a file that becomes a directory", 0644, 0);
                },
                w -> {
                    w.whiteout("etc/shadow");
                    w.add(TarEntry.directory("var/cache/apt"));
                    w.opaque("var/cache/apt");
                    file(w, "var/cache/apt/new", "new", 0600, 0);
                    w.add(TarEntry.directory("opt/app"));
                    file(w, "opt/app/old", "changed", 0600, 33);
                    w.add(TarEntry.directory("swap"));
                    file(w, "swap/inside", "now a directory", 0644, 0);
                    w.add(TarEntry.builder("tmp", EntryType.DIRECTORY).mode(01777).build());
                }));

        Path layout = dir.resolve("layout");
        try (OciLayoutDestination d = OciLayoutDestination.open(layout, "oci")) {
            Images.copy(new StoreSource(store), Optional.of("rich:1"), d, "rich");
            d.commit();
        }
        Path bundle = dir.resolve("bundle");
        Peers.check(umoci, "unpack", "--image", layout + ":rich", bundle.toString());

        Path ours = dir.resolve("ours");
        java.nio.file.Files.createDirectories(ours);
        try (StoreSource source = new StoreSource(store)) {
            new ImageUnpacker(ApplyOptions.defaults(w -> { })).unpack(source, image, Platform.host(), ours, (i, n, l) -> { });
        }
        Map<String, String> umociTree = RootfsComparison.describe(bundle.resolve("rootfs"));
        Map<String, String> laminaTree = RootfsComparison.describe(ours);
        assertThat(laminaTree).containsKeys("usr/bin/su", "var/cache/apt/new", "swap/inside")
                .doesNotContainKeys("etc/shadow", "var/cache/apt/pkgcache.bin");
        assertThat(laminaTree).isEqualTo(umociTree);
    }
}
