package dev.lamina.tarball.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Platform;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreSource;
import dev.lamina.image.testing.Peers;
import dev.lamina.tarball.inspect.ImageDifference;
import dev.lamina.tarball.inspect.ImageScanner;
import dev.lamina.tarball.inspect.LayeredImage;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.layer.LayerWriter;
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
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lamina's image-to-image difference, computed from the layers as they stream, names exactly the paths that
 * differ between {@code umoci unpack} of the two images (compared by type, mode, owner, link target and content),
 * each as added, deleted or changed.
 */
@Tag("peer")
class UmociDiffAgreementTest {
    @TempDir
    Path dir;

    private static void file(LayerWriter w, String name, String content, int mode, long uid) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        w.add(TarEntry.file(name, bytes.length).toBuilder().mode(mode).owner(uid, uid).build(),
                new ByteArrayInputStream(bytes));
    }

    private static void base(LayerWriter w) throws IOException {
        for (String d : List.of("etc", "usr", "usr/bin", "usr/lib", "var", "var/cache", "var/cache/apt", "opt",
                "opt/app", "data", "data/deep", "data/deep/er")) {
            w.add(TarEntry.directory(d));
        }
        file(w, "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0);
        file(w, "etc/shadow", "root:*:1::::::\n", 0640, 0);
        file(w, "etc/hostname", "same-size-a\n", 0644, 0);
        file(w, "usr/bin/su", "setuid binary", 04755, 0);
        file(w, "usr/bin/tool", "tool", 0755, 1000);
        w.add(TarEntry.symlink("usr/bin/sh", "/bin/busybox"));
        w.add(TarEntry.symlink("usr/lib64", "lib"));
        file(w, "var/cache/apt/pkgcache.bin", "cache", 0644, 0);
        file(w, "opt/app/old", "old", 0644, 0);
        file(w, "data/deep/er/file", "deep", 0644, 0);
        file(w, "swap", "a file that becomes a directory", 0644, 0);
    }

    @Test
    void theDifferenceAgreesWithUmociUnpackOfBothImages() throws IOException {
        String umoci = Peers.require("umoci").toString();
        Store store = Store.open(dir.resolve("store"));
        Descriptor before = LayeredImages.build(store, "app:1", LayerOptions.defaults(), List.of(
                UmociDiffAgreementTest::base,
                w -> {
                    file(w, "opt/app/config", "v1", 0644, 0);
                    w.add(TarEntry.builder("srv", EntryType.DIRECTORY).mode(0755).build());
                }));
        Descriptor after = LayeredImages.build(store, "app:2", LayerOptions.defaults(), List.of(
                UmociDiffAgreementTest::base,
                w -> {
                    w.whiteout("etc/shadow");
                    file(w, "etc/hostname", "same-size-b\n", 0644, 0);
                    file(w, "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0600, 0);
                    w.add(TarEntry.directory("var/cache/apt"));
                    w.opaque("var/cache/apt");
                    file(w, "var/cache/apt/new", "new", 0600, 0);
                    file(w, "opt/app/old", "changed", 0600, 33);
                    file(w, "opt/app/config", "v2", 0644, 0);
                    w.add(TarEntry.symlink("usr/bin/sh", "/bin/toybox"));
                    file(w, "usr/bin/tool", "tool", 0755, 0);
                    w.add(TarEntry.directory("swap"));
                    file(w, "swap/inside", "now a directory", 0644, 0);
                    w.add(TarEntry.builder("srv", EntryType.DIRECTORY).mode(02775).owner(1000, 1000).build());
                    w.whiteout("data/deep");
                    file(w, "new/dir/file", "implied parents", 0644, 0);
                }));

        Path layout = dir.resolve("layout");
        try (OciLayoutDestination d = OciLayoutDestination.open(layout, "oci")) {
            Images.copy(new StoreSource(store), Optional.of("app:1"), d, "one");
            Images.copy(new StoreSource(store), Optional.of("app:2"), d, "two");
            d.commit();
        }
        Peers.check(umoci, "unpack", "--image", layout + ":one", dir.resolve("one").toString());
        Peers.check(umoci, "unpack", "--image", layout + ":two", dir.resolve("two").toString());
        Map<String, String> expected = expectedDifference(
                RootfsComparison.describe(dir.resolve("one/rootfs")), RootfsComparison.describe(dir.resolve("two/rootfs")));

        Map<String, String> actual = new TreeMap<>();
        try (StoreSource source = new StoreSource(store)) {
            ImageScanner.Options options = ImageScanner.Options.defaults().withContentDigests();
            var one = ImageScanner.scan(LayeredImage.resolve(source, before, Platform.host()), options,
                    ImageScanner.Listener.NONE).tree();
            var two = ImageScanner.scan(LayeredImage.resolve(source, after, Platform.host()), options,
                    ImageScanner.Listener.NONE).tree();
            ImageDifference.compare(one, two, d -> actual.put(d.path(), String.valueOf(d.kind().letter())));
        }
        assertThat(expected).containsKeys("etc/shadow", "etc/hostname", "etc/passwd", "swap", "swap/inside", "srv",
                "data/deep/er/file", "new/dir", "usr/bin/sh", "usr/bin/tool", "var/cache/apt/pkgcache.bin");
        actual.remove(""); // the root: RootfsComparison does not describe it
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * Path → A, D or C from two descriptions; the hardlink count is left out (it is no property of one path's
     * content, and a diff of trees does not see it).
     */
    private static Map<String, String> expectedDifference(Map<String, String> one, Map<String, String> two) {
        Map<String, String> difference = new TreeMap<>();
        for (String path : new TreeSet<>(one.keySet()) {{ addAll(two.keySet()); }}) {
            String a = one.get(path);
            String b = two.get(path);
            if (a == null) {
                difference.put(path, "A");
            } else if (b == null) {
                difference.put(path, "D");
            } else if (!withoutLinkCount(a).equals(withoutLinkCount(b))) {
                difference.put(path, "C");
            }
        }
        return difference;
    }

    private static String withoutLinkCount(String description) {
        return description.replaceAll(" links=\\d+", "");
    }
}
