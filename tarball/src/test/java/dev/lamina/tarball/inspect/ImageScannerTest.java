package dev.lamina.tarball.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.Platform;
import dev.lamina.image.json.History;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreSource;
import dev.lamina.tarball.layer.LayerWriter;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.testing.HostileTar;
import dev.lamina.tarball.testing.InspectionImages;
import dev.lamina.tarball.testing.LayeredImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageScannerTest {
    @TempDir
    Path dir;
    Store store;

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("store"));
    }

    static void file(LayerWriter w, String name, int bytes) throws IOException {
        InspectionImages.file(w, name, bytes);
    }

    static void file(LayerWriter w, String name, String content) throws IOException {
        InspectionImages.file(w, name, content, 0644, 0);
    }

    static Descriptor knownChanges(Store store, String name) throws IOException {
        return InspectionImages.knownChanges(store, name);
    }

    private LayeredImage resolve(Descriptor manifest) throws IOException {
        return LayeredImage.resolve(new StoreSource(store), manifest, Platform.host());
    }

    /** Records every change as "layer KIND path type size". */
    static final class Recorder implements ImageScanner.Listener {
        final List<String> changes = new ArrayList<>();

        @Override
        public void change(ImageLayer layer, Change change) {
            changes.add(layer.index() + " " + change.kind().letter() + " " + change.path() + " " + change.type() + " "
                    + change.size());
        }
    }

    @Test
    void reportsWhatEachLayerAddsChangesAndDeletes() throws IOException {
        Recorder recorder = new Recorder();
        ImageScanner.scan(resolve(knownChanges(store, "known:1")), ImageScanner.Options.defaults(), recorder);
        assertThat(recorder.changes.stream().filter(c -> !c.startsWith("0 "))).containsExactly(
                "1 C etc/app DIRECTORY 0",
                "1 C etc/app/a.conf REGULAR 7",
                "1 D tmp/build.log REGULAR 1000",
                "1 C var/cache DIRECTORY 0",
                "1 D var/cache/x REGULAR 10",
                "1 D var/cache/y REGULAR 20",
                "1 A var/cache/z REGULAR 30",
                "1 A opt DIRECTORY 0",
                "1 A opt/new DIRECTORY 0",
                "1 A opt/new/file REGULAR 40",
                "1 A usr/bin/tool2 HARDLINK 100",
                "2 D etc/app DIRECTORY 12");
        assertThat(recorder.changes.stream().filter(c -> c.startsWith("0 "))).hasSize(14).allMatch(c -> c.contains(" A "));
    }

    @Test
    void summarisesEachLayer() throws IOException {
        ImageScanner.Result result = ImageScanner.scan(resolve(knownChanges(store, "known:1")),
                ImageScanner.Options.defaults(), ImageScanner.Listener.NONE);
        assertThat(result.layers()).extracting(LayerSummary::size, LayerSummary::entries, LayerSummary::added,
                LayerSummary::modified, LayerSummary::deleted, LayerSummary::whiteouts, LayerSummary::opaqueDirs)
                .containsExactly(
                        tuple(1142L, 14, 14, 0, 0, 0, 0),
                        tuple(77L, 8, 5, 3, 3, 1, 1),
                        tuple(0L, 2, 0, 0, 3, 2, 0));
        assertThat(result.layers()).extracting(s -> s.layer().createdBy())
                .containsExactly("ADD base.tar /", "RUN change things", "RUN rm -rf /etc/app");
        assertThat(result.layers()).allMatch(s -> s.tarSize() % 512 == 0 && s.tarSize() >= 1024);
    }

    @Test
    void theTreeHoldsTheFinalFilesystemWithTheLayerOfEachPath() throws IOException {
        FileTree tree = ImageScanner.scan(resolve(knownChanges(store, "known:1")), ImageScanner.Options.defaults(),
                ImageScanner.Listener.NONE).tree();
        List<String> present = new ArrayList<>();
        for (int id = 1; id < tree.nodes(); id++) {
            if (tree.present(id)) {
                present.add(tree.path(id) + "@" + tree.layer(id));
            }
        }
        assertThat(present).containsExactlyInAnyOrder("etc@0", "usr@0", "usr/bin@0", "usr/bin/tool@0",
                "usr/bin/t@0", "tmp@0", "var@0", "var/cache@1", "var/cache/z@1", "opt@1", "opt/new@1",
                "opt/new/file@1", "usr/bin/tool2@1");
        int tool2 = tree.find("usr/bin/tool2").orElseThrow();
        assertThat(tree.type(tool2)).isEqualTo(EntryType.REGULAR);
        assertThat(tree.size(tool2)).isEqualTo(100);
    }

    @Test
    void measuresWastedSpaceAsDiveDoesCountingFilesUnderDeletedDirectories() throws IOException {
        Efficiency efficiency = ImageScanner.scan(resolve(knownChanges(store, "known:1")),
                ImageScanner.Options.defaults().withEfficiency(10), ImageScanner.Listener.NONE).efficiency().orElseThrow();
        // smallest size per path over all sizes counted: see knownChanges
        assertThat(efficiency.score()).isEqualTo(174.0 / 1219.0);
        assertThat(efficiency.wastedBytes()).isEqualTo(1045);
        assertThat(efficiency.sizeBytes()).isEqualTo(1142 + 77);
        assertThat(efficiency.userSizeBytes()).isEqualTo(77);
        assertThat(efficiency.userWastedRatio()).isEqualTo(1045.0 / 77);
        assertThat(efficiency.offenders()).extracting(Efficiency.Offender::path, Efficiency.Offender::count,
                Efficiency.Offender::totalBytes).containsExactly(
                        tuple("tmp/build.log", 2, 1000L),
                        tuple("var/cache/y", 2, 20L),
                        tuple("etc/app/a.conf", 3, 10L),
                        tuple("var/cache/x", 2, 10L),
                        tuple("etc/app/b.conf", 2, 5L));
    }

    @Test
    void anImageThatNeverOverwritesIsFullyEfficient() throws IOException {
        Descriptor image = LayeredImages.steps()
                .layer("one", w -> file(w, "a", 10))
                .layer("two", w -> file(w, "b", 10))
                .build(store, "lean:1");
        Efficiency efficiency = ImageScanner.scan(resolve(image), ImageScanner.Options.defaults().withEfficiency(5),
                ImageScanner.Listener.NONE).efficiency().orElseThrow();
        assertThat(efficiency.score()).isEqualTo(1.0);
        assertThat(efficiency.wastedBytes()).isZero();
        assertThat(efficiency.offenders()).isEmpty();
    }

    @Test
    void whiteoutsAndOpaqueMarkersSpareWhatTheirOwnLayerWrites() throws IOException {
        Descriptor image = LayeredImages.steps()
                .layer("base", w -> {
                    w.add(TarEntry.directory("d"));
                    w.add(TarEntry.directory("d/sub"));
                    file(w, "d/sub/old", 1);
                    file(w, "d/gone", 2);
                    file(w, "x", 3);
                })
                .layer("redo", w -> {
                    w.add(TarEntry.directory("d/sub"));
                    file(w, "d/sub/new", 4);
                    w.opaque("d"); // after this layer's own d/sub/new: it stays, lower d/sub/old goes
                    file(w, "x", 5);
                    w.whiteout("x"); // only the lower x is hidden
                })
                .build(store, "spare:1");
        Recorder recorder = new Recorder();
        FileTree tree = ImageScanner.scan(resolve(image), ImageScanner.Options.defaults(), recorder).tree();
        assertThat(recorder.changes.stream().filter(c -> c.startsWith("1 "))).containsExactly(
                "1 C d/sub DIRECTORY 0", "1 A d/sub/new REGULAR 4", "1 D d/gone REGULAR 2", "1 D d/sub/old REGULAR 1",
                "1 C x REGULAR 5");
        assertThat(tree.find("d/sub/new").map(tree::present)).contains(true);
        assertThat(tree.find("d/sub/old").map(tree::present)).contains(false);
        assertThat(tree.find("x").map(tree::size)).contains(5L);
    }

    @Test
    void aDirectoryReplacedByAFileLosesWhatItHeld() throws IOException {
        Descriptor image = LayeredImages.steps()
                .layer("base", w -> {
                    w.add(TarEntry.directory("d"));
                    file(w, "d/a", 1);
                    file(w, "f", 2);
                })
                .layer("swap", w -> {
                    file(w, "d", 3);
                    w.add(TarEntry.directory("f"));
                })
                .build(store, "swap:1");
        Recorder recorder = new Recorder();
        ImageScanner.Result result = ImageScanner.scan(resolve(image), ImageScanner.Options.defaults().withEfficiency(5),
                recorder);
        assertThat(recorder.changes.stream().filter(c -> c.startsWith("1 "))).containsExactly(
                "1 D d/a REGULAR 1", "1 C d REGULAR 3", "1 C f DIRECTORY 0");
        assertThat(result.layers().get(1).deleted()).isEqualTo(1);
        // d/a (1, then deleted) and f (2, then replaced by a directory) are wasted
        assertThat(result.efficiency().orElseThrow().wastedBytes()).isEqualTo(3);
    }

    @Test
    void aHardlinkOutOfTheRootIsRecordedAsALinkToNothing() throws IOException {
        // lamina's layer writer refuses such a link: the layer is made by hand
        byte[] tar = new HostileTar().file("a", "x").hardlink("escape", "../../etc/passwd")
                .hardlink("missing", "nowhere").end().bytes();
        Descriptor layer = new Descriptor(MediaType.OCI_LAYER, store.putBytes(tar), tar.length);
        byte[] config = ImageConfig.empty(Platform.host()).withLayer(Optional.of(layer.digest()),
                new History("", "by hand", "", "", false)).toBytes();
        byte[] manifest = Manifest.of(MediaType.OCI_MANIFEST, new Descriptor(MediaType.OCI_CONFIG,
                store.putBytes(config), config.length), List.of(layer)).toBytes();
        Descriptor image = new Descriptor(MediaType.OCI_MANIFEST, store.putBytes(manifest), manifest.length);
        FileTree tree = ImageScanner.scan(resolve(image), ImageScanner.Options.defaults(), ImageScanner.Listener.NONE)
                .tree();
        for (String path : List.of("escape", "missing")) {
            int id = tree.find(path).orElseThrow();
            assertThat(tree.type(id)).as(path).isEqualTo(EntryType.HARDLINK);
            assertThat(tree.size(id)).as(path).isZero();
        }
        assertThat(tree.link(tree.find("escape").orElseThrow())).isEqualTo("../../etc/passwd");
    }

    @Test
    void readsOnlyTheLayersAsked() throws IOException {
        Recorder recorder = new Recorder();
        ImageScanner.Result result = ImageScanner.scan(resolve(knownChanges(store, "known:1")), 2,
                ImageScanner.Options.defaults(), recorder);
        assertThat(result.layers()).hasSize(2);
        assertThat(recorder.changes).noneMatch(c -> c.startsWith("2 "));
    }

    @Test
    void sizesAloneMatchTheFullScan() throws IOException {
        LayeredImage image = resolve(knownChanges(store, "known:1"));
        assertThat(ImageScanner.sizes(image, ImageScanner.Options.defaults())).containsExactly(1142L, 77L, 0L);
    }

    @Test
    void contentDigestsAreKeptWhenAsked() throws IOException {
        Descriptor image = LayeredImages.steps().layer("one", w -> {
            file(w, "hello", "hello\n");
            w.add(TarEntry.hardlink("again", "hello"));
        }).build(store, "digest:1");
        FileTree tree = ImageScanner.scan(resolve(image), ImageScanner.Options.defaults().withContentDigests(),
                ImageScanner.Listener.NONE).tree();
        Digest hello = Digest.sha256("hello\n".getBytes(StandardCharsets.UTF_8));
        assertThat(tree.digest(tree.find("hello").orElseThrow())).contains(hello);
        assertThat(tree.digest(tree.find("again").orElseThrow())).contains(hello);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aLayerThatCannotBeReadFailsTheScanWhileOthersAreReadAhead() throws IOException {
        Descriptor image = knownChanges(store, "known:1");
        Manifest manifest = Manifest.parse(store.readBlob(image.digest()), "m");
        Descriptor second = manifest.layers().get(1);
        byte[] corrupt = store.readBlob(second.digest());
        corrupt[corrupt.length / 2] ^= 0x55;
        java.nio.file.Path blob = store.root().resolve("blobs/sha256/" + second.digest().hex());
        blob.toFile().setWritable(true);
        java.nio.file.Files.write(blob, corrupt);
        for (int threads : new int[] {1, 3}) {
            assertThatThrownBy(() -> ImageScanner.scan(resolve(image), ImageScanner.Options.defaults()
                    .withThreads(threads), ImageScanner.Listener.NONE))
                    .as("%d threads", threads)
                    .hasMessageContaining("layer 2 (" + second.digest() + ")");
        }
    }

    @Test
    void aLayerWhoseContentIsNotItsDiffIdFailsNamingIt() throws IOException {
        Descriptor good = LayeredImages.steps().layer("one", w -> file(w, "a", 1)).build(store, "good:1");
        Manifest manifest = Manifest.parse(store.readBlob(good.digest()), "m");
        ImageConfig config = ImageConfig.empty(Platform.host()).withLayer(Optional.of(Digest.sha256(new byte[1])),
                new History("", "one", "", "", false));
        byte[] configBytes = config.toBytes();
        Descriptor configDescriptor = new Descriptor(MediaType.OCI_CONFIG, store.putBytes(configBytes), configBytes.length);
        byte[] bad = manifest.withConfig(configDescriptor).toBytes();
        Descriptor badManifest = new Descriptor(MediaType.OCI_MANIFEST, store.putBytes(bad), bad.length);
        Descriptor layer = manifest.layers().get(0);
        assertThatThrownBy(() -> ImageScanner.scan(resolve(badManifest), ImageScanner.Options.defaults(),
                ImageScanner.Listener.NONE))
                .hasMessageContaining("layer 1 (" + layer.digest() + ")")
                .hasMessageContaining("but the config's diff_id is " + Digest.sha256(new byte[1]));
    }
}
