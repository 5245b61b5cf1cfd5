package dev.lamina.tarball.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Compression;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.compress.Decompressors;
import dev.lamina.tarball.fs.HostFileSystem;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.tar.TarReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {
    private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);

    @TempDir
    Path dir;

    private Path tree;

    @BeforeEach
    void makeTree() throws IOException {
        tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve("usr/bin"));
        Files.writeString(tree.resolve("usr/bin/tool"), "#!/bin/sh\necho tool\n");
        Files.createLink(tree.resolve("usr/bin/alias"), tree.resolve("usr/bin/tool"));
        Files.createSymbolicLink(tree.resolve("usr/bin/link"), Path.of("tool"));
        Files.writeString(tree.resolve("b"), "b");
        Files.writeString(tree.resolve("a-z"), "sorted before a/ in byte order");
        Files.createDirectories(tree.resolve("a"));
        Files.writeString(tree.resolve("a/" + "long-name-".repeat(20)), "pax path");
    }

    private static LayerBlob write(Path tree, LayerOptions options, ByteArrayOutputStream out) throws IOException {
        try (LayerWriter writer = LayerWriter.open(LayerSink.to(out), options)) {
            writer.addTree("", tree);
            return writer.finish();
        }
    }

    private static List<TarEntry> entries(byte[] blob) throws IOException {
        TarReader reader = new TarReader(Decompressors.openLayer(new ByteArrayInputStream(blob)).content());
        List<TarEntry> list = new ArrayList<>();
        for (Optional<TarEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
            list.add(e.get());
        }
        return list;
    }

    @Test
    void onePassGivesTheDiffIdDigestSizeAndMediaType() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerBlob layer = write(tree, LayerOptions.defaults(), out);
        byte[] blob = out.toByteArray();
        byte[] tar = Decompressors.openLayer(new ByteArrayInputStream(blob)).content().readAllBytes();
        assertThat(layer.descriptor().digest()).isEqualTo(Digest.sha256(blob));
        assertThat(layer.descriptor().size()).isEqualTo(blob.length);
        assertThat(layer.descriptor().mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(tar));
        assertThat(layer.uncompressedSize()).isEqualTo(tar.length);
    }

    @Test
    void entriesFromADirectoryAreSortedWithParentsFirstAndHardlinksWrittenOnce() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(tree, LayerOptions.defaults().withCompression(Compression.NONE), out);
        List<TarEntry> entries = entries(out.toByteArray());
        assertThat(entries).extracting(TarEntry::name).containsExactly("a/", "a/" + "long-name-".repeat(20),
                "a-z", "b", "usr/", "usr/bin/", "usr/bin/alias", "usr/bin/link", "usr/bin/tool");
        assertThat(entries.get(6).type()).isEqualTo(EntryType.REGULAR);
        assertThat(entries.get(8).type()).isEqualTo(EntryType.HARDLINK);
        assertThat(entries.get(8).linkName()).isEqualTo("usr/bin/alias");
        assertThat(entries.get(7).linkName()).isEqualTo("tool");
    }

    @Test
    void deterministicModeGivesTheSameDigestWhateverTheTimesAndOwnerNames() throws IOException {
        LayerOptions options = LayerOptions.defaults().deterministic(EPOCH);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        LayerBlob one = write(tree, options, first);
        Files.setLastModifiedTime(tree.resolve("b"), FileTime.from(Instant.now()));
        Files.setLastModifiedTime(tree.resolve("usr/bin/tool"), FileTime.from(Instant.now().plusSeconds(99)));
        LayerBlob two = write(tree, options.withThreads(1), new ByteArrayOutputStream());
        assertThat(two.descriptor().digest()).isEqualTo(one.descriptor().digest());
        assertThat(entries(first.toByteArray())).allSatisfy(e -> {
            assertThat(e.modTime()).isBeforeOrEqualTo(EPOCH);
            assertThat(e.uname()).isEmpty();
        });
    }

    @Test
    void timesEarlierThanTheEpochAreKept() throws IOException {
        Files.setLastModifiedTime(tree.resolve("b"), FileTime.from(Instant.ofEpochSecond(1_000)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(tree, LayerOptions.defaults().deterministic(EPOCH), out);
        assertThat(entries(out.toByteArray())).filteredOn(e -> e.name().equals("b"))
                .extracting(TarEntry::modTime).containsExactly(Instant.ofEpochSecond(1_000));
    }

    @Test
    void whiteoutsAndOpaqueMarkersAreWrittenAsDockerWritesThem() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LayerWriter writer = LayerWriter.open(LayerSink.to(out),
                LayerOptions.defaults().withCompression(Compression.NONE))) {
            writer.add(TarEntry.directory("/etc"));
            writer.opaque("/etc");
            writer.whiteout("/var/cache/apt");
            writer.finish();
        }
        assertThat(entries(out.toByteArray())).extracting(TarEntry::name, TarEntry::type, TarEntry::mode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("etc/", EntryType.DIRECTORY, 0755),
                        org.assertj.core.groups.Tuple.tuple("etc/.wh..wh..opq", EntryType.REGULAR, 0),
                        org.assertj.core.groups.Tuple.tuple("var/cache/.wh.apt", EntryType.REGULAR, 0));
    }

    @Test
    void refusesNamesThatWouldBeReadAsWhiteoutsOrLeaveTheRoot() throws IOException {
        try (LayerWriter writer = LayerWriter.open(LayerSink.to(new ByteArrayOutputStream()), LayerOptions.defaults())) {
            assertThatThrownBy(() -> writer.add(TarEntry.file("a/.wh.b", 0))).hasMessageContaining(".wh.");
            assertThatThrownBy(() -> writer.add(TarEntry.file("../x", 0))).hasMessageContaining("..");
        }
    }

    @Test
    void fifosAndCapabilitiesComeFromDisk() throws IOException, InterruptedException {
        Path fifo = tree.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        HostFileSystem fs = HostFileSystem.create();
        boolean root = fs.privileged();
        byte[] capability = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        if (root) {
            fs.setXattr(tree.resolve("b"), "security.capability", capability);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(tree, LayerOptions.defaults(), out);
        List<TarEntry> entries = entries(out.toByteArray());
        assertThat(entries).filteredOn(e -> e.name().equals("pipe")).extracting(TarEntry::type)
                .containsExactly(EntryType.FIFO);
        if (root) {
            assertThat(entries).filteredOn(e -> e.name().equals("b")).first()
                    .satisfies(e -> assertThat(e.xattrs().get("security.capability")).isEqualTo(capability));
        }
    }

    @Test
    void aLayerWrittenIntoTheStoreIsKeptWithItsDiffId() throws IOException {
        Store store = Store.open(dir.resolve("store"));
        LayerBlob layer;
        try (LayerWriter writer = LayerWriter.open(LayerSink.toStore(store), LayerOptions.defaults()
                .withCompression(Compression.ZSTD))) {
            writer.add(TarEntry.file("hello", 5), new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
            layer = writer.finish();
        }
        assertThat(layer.descriptor().mediaType()).isEqualTo(MediaType.OCI_LAYER_ZSTD);
        assertThat(store.hasBlob(layer.descriptor().digest())).isTrue();
        assertThat(store.diffIdOf(layer.descriptor().digest())).contains(layer.diffId());
        assertThat(store.blobSize(layer.descriptor().digest())).contains(layer.descriptor().size());
    }

    @Test
    void anAbandonedLayerLeavesNothingInTheStore() throws IOException {
        Store store = Store.open(dir.resolve("store"));
        try (LayerWriter writer = LayerWriter.open(LayerSink.toStore(store), LayerOptions.defaults())) {
            writer.add(TarEntry.file("hello", 5), new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
        }
        try (var blobs = Files.list(store.paths().blobs().resolve("sha256"));
                var ingest = Files.list(store.paths().ingest())) {
            assertThat(blobs).isEmpty();
            assertThat(ingest).isEmpty();
        }
    }

    @Test
    void dockerMediaTypesOnRequest() {
        assertThat(LayerOptions.defaults().withDockerMediaTypes(true).mediaType()).isEqualTo(MediaType.DOCKER_LAYER);
        assertThat(LayerOptions.defaults().withDockerMediaTypes(true).withCompression(Compression.NONE).mediaType())
                .isEqualTo(MediaType.DOCKER_LAYER_TAR);
    }
}
