package dev.lamina.tarball.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Json;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.store.StoreSource;
import dev.lamina.image.testing.TestImages;
import dev.lamina.tarball.archive.ArchiveOutput;
import dev.lamina.tarball.archive.ImageArchives;
import dev.lamina.tarball.archive.StoreSpool;
import dev.lamina.tarball.archive.TempSpool;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.tar.TarReader;
import dev.lamina.tarball.testing.HostileTar;
import dev.lamina.tarball.testing.Images;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveTest {
    @TempDir
    Path dir;

    private Store store;

    @BeforeEach
    void setUp() {
        store = Store.open(dir.resolve("store"));
    }

    private Path save(Store from, String... names) throws IOException {
        Path archive = dir.resolve("out-" + System.nanoTime() + ".tar");
        try (DockerArchiveDestination destination = DockerArchiveDestination.open(ArchiveOutput.toFile(archive),
                "docker-archive:" + archive, dir)) {
            for (String name : names) {
                Images.copy(new StoreSource(from), Optional.of(name), destination, name);
            }
            destination.commit();
        }
        return archive;
    }

    private static Map<String, TarEntry> members(Path tar) throws IOException {
        Map<String, TarEntry> members = new LinkedHashMap<>();
        try (TarReader reader = new TarReader(Files.newInputStream(tar))) {
            for (Optional<TarEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                members.put(e.get().name(), e.get());
            }
        }
        return members;
    }

    private static byte[] member(Path tar, String name) throws IOException {
        try (TarReader reader = new TarReader(Files.newInputStream(tar))) {
            for (Optional<TarEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                if (e.get().name().equals(name)) {
                    return reader.content().readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " not in " + tar);
    }

    private ImageCopier.CopyResult load(ImageSource source, Store into, String name) throws IOException {
        try (source; StoreDestination destination = new StoreDestination(into)) {
            ImageCopier.CopyResult result = Images.copy(source, Optional.empty(), destination, name);
            destination.commit();
            return result;
        }
    }

    @Test
    void writesWhatDockerSaveWrites() throws IOException {
        TestImages.Image image = Images.small("app");
        Images.seed(store, image, "localhost:5000/team/app:1.0");
        Path archive = save(store, "localhost:5000/team/app:1.0");

        Map<String, TarEntry> members = members(archive);
        String config = image.config().digest().hex() + ".json";
        assertThat(members).containsKeys(config, "manifest.json", "repositories");
        assertThat(member(archive, config)).isEqualTo(image.configBytes());

        JsonNode manifest = Json.readTree(member(archive, "manifest.json"), "manifest.json");
        assertThat(manifest).hasSize(1);
        assertThat(manifest.get(0).path("Config").asText()).isEqualTo(config);
        assertThat(manifest.get(0).path("RepoTags").get(0).asText()).isEqualTo("localhost:5000/team/app:1.0");
        List<String> layers = List.of(manifest.get(0).path("Layers").get(0).asText(),
                manifest.get(0).path("Layers").get(1).asText());
        for (int i = 0; i < 2; i++) {
            String id = layers.get(i).substring(0, 64);
            assertThat(layers.get(i)).isEqualTo(id + "/layer.tar");
            assertThat(member(archive, id + "/VERSION")).asString().isEqualTo("1.0");
            assertThat(Digest.sha256(member(archive, layers.get(i)))).isEqualTo(image.diffIds().get(i));
            assertThat(Json.readTree(member(archive, id + "/json"), "json").path("id").asText()).isEqualTo(id);
        }
        JsonNode repositories = Json.readTree(member(archive, "repositories"), "repositories");
        assertThat(repositories.path("localhost:5000/team/app").path("1.0").asText())
                .isEqualTo(layers.get(1).substring(0, 64));
        assertThat(new String(member(archive, "manifest.json"), StandardCharsets.UTF_8)).endsWith("]\n");
    }

    @Test
    void sharedLayersAreWrittenOnceAndTheSameContentElsewhereIsLinked() throws IOException {
        var base = TestImages.files("etc/base", "base\n");
        var top = TestImages.files("app", "app\n");
        Images.seed(store, TestImages.image(Images.AMD64, base, top), "a:1");
        Images.seed(store, TestImages.image(Images.AMD64, base, TestImages.files("b", "b\n")), "b:1");
        Images.seed(store, TestImages.image(Images.AMD64, top), "c:1");
        Path archive = save(store, "a:1", "b:1", "c:1");

        Map<String, TarEntry> members = members(archive);
        assertThat(members.values()).filteredOn(e -> e.name().endsWith("/layer.tar") && e.type() == EntryType.REGULAR)
                .hasSize(3);
        assertThat(members.values()).filteredOn(e -> e.name().endsWith("/layer.tar") && e.type() == EntryType.SYMLINK)
                .singleElement().satisfies(link -> assertThat(link.linkName()).startsWith("../").endsWith("/layer.tar"));
        try (DockerArchiveSource source = DockerArchiveSource.open(ImageArchives.open(archive, TempSpool.create(dir),
                "docker-archive:" + archive))) {
            assertThat(source.images()).hasSize(3);
            Store other = Store.open(dir.resolve("other"));
            for (String name : List.of("a:1", "b:1", "c:1")) {
                try (StoreDestination destination = new StoreDestination(other)) {
                    ImageCopier.copy(source, Optional.of(name), destination,
                            dev.lamina.image.copy.CopyOptions.defaults().withTags(List.of(name)));
                    destination.commit();
                }
            }
            assertThat(new Catalog(other).entries()).hasSize(3);
        }
    }

    @Test
    void loadingThenSavingGivesByteIdenticalConfigAndLayers() throws IOException {
        TestImages.Image image = Images.small("round");
        Images.seed(store, image, "round:trip");
        Path first = save(store, "round:trip");

        Store loaded = Store.open(dir.resolve("loaded"));
        Descriptor manifest = load(DockerArchiveSource.open(ImageArchives.open(first, TempSpool.create(dir), "a")),
                loaded, "round:trip").topLevel();
        Path second = save(loaded, "round:trip");

        Map<String, TarEntry> one = members(first);
        assertThat(members(second).keySet()).isEqualTo(one.keySet());
        for (String name : one.keySet()) {
            if (one.get(name).type() == EntryType.REGULAR) {
                assertThat(member(second, name)).as(name).isEqualTo(member(first, name));
            }
        }
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));

        Manifest made = Manifest.parse(loaded.readBlob(manifest.digest()), "m");
        assertThat(made.mediaType()).contains(MediaType.OCI_MANIFEST);
        assertThat(made.config().digest()).isEqualTo(image.config().digest());
        assertThat(made.layers()).extracting(Descriptor::digest).containsExactlyElementsOf(image.diffIds());
        assertThat(made.layers()).extracting(Descriptor::mediaType).containsOnly(MediaType.OCI_LAYER);
        Store again = Store.open(dir.resolve("again"));
        assertThat(load(DockerArchiveSource.open(ImageArchives.open(second, TempSpool.create(dir), "b")), again, "x:1")
                .topLevel().digest()).as("the made manifest is deterministic").isEqualTo(manifest.digest());
    }

    @Test
    void readsAnArchiveFromAStreamAndAGzipCompressedFile() throws IOException {
        Images.seed(store, Images.small("s"), "s:1");
        Path archive = save(store, "s:1");
        Descriptor fromFile;
        try (ImageSource source = DockerArchiveSource.open(ImageArchives.open(archive, TempSpool.create(dir), "f"))) {
            fromFile = source.resolve(Optional.empty());
        }
        try (ImageSource source = DockerArchiveSource.open(ImageArchives.read(Files.newInputStream(archive),
                TempSpool.create(dir), "stdin"))) {
            assertThat(source.resolve(Optional.empty())).isEqualTo(fromFile);
        }
        Path gz = dir.resolve("archive.tar.gz");
        Files.write(gz, HostileTar.gzip(Files.readAllBytes(archive)));
        Store loaded = Store.open(dir.resolve("gz"));
        assertThat(load(DockerArchiveSource.open(ImageArchives.open(gz, TempSpool.create(dir), "gz")), loaded, "s:1")
                .topLevel()).isEqualTo(fromFile);
    }

    @Test
    void loadingFromAPipeIntoTheStoreWritesEachLargeLayerOnce() throws IOException {
        byte[] big = new byte[3 << 20];
        new Random(7).nextBytes(big);
        TestImages.Image image = TestImages.image(Images.AMD64,
                Map.of("big.bin", big));
        Images.seed(store, image, "big:1");
        Path archive = save(store, "big:1");
        Store loaded = Store.open(dir.resolve("piped"));
        ImageCopier.CopyResult result = load(DockerArchiveSource.open(ImageArchives.read(Files.newInputStream(archive),
                new StoreSpool(loaded), "stdin")), loaded, "big:1");
        assertThat(result.blobsSkipped()).as("the layer was spooled into the store itself").isEqualTo(1);
        assertThat(loaded.hasBlob(image.diffIds().get(0))).isTrue();
    }

    @Test
    void namesImagesOfAMultiImageArchiveByNormalisedReference() throws IOException {
        Images.seed(store, Images.small("one"), "docker.io/library/one:latest");
        Images.seed(store, Images.small("two"), "two:2");
        Path archive = save(store, "docker.io/library/one:latest", "two:2");
        try (DockerArchiveSource source = DockerArchiveSource.open(ImageArchives.open(archive, TempSpool.create(dir), "m"))) {
            assertThat(source.images()).extracting(ImageSource.NamedImage::names)
                    .containsExactly(List.of("one:latest"), List.of("two:2"));
            assertThat(source.resolve(Optional.of("index.docker.io/library/one"))).isEqualTo(source.images().get(0).descriptor());
            assertThat(source.resolve(Optional.of("@1"))).isEqualTo(source.images().get(1).descriptor());
            assertThatThrownBy(() -> source.resolve(Optional.empty())).hasMessageContaining("holds 2 images")
                    .hasMessageContaining("one:latest, two:2");
            assertThatThrownBy(() -> source.resolve(Optional.of("three"))).hasMessageContaining("no image tagged \"three\"");
        }
    }

    @Test
    void oneImageSavedUnderTwoNamesIsOneEntryWithBothTags() throws IOException {
        TestImages.Image image = Images.small("twice");
        Images.seed(store, image, "twice:1");
        Images.seed(store, image, "twice:latest");
        Path archive = save(store, "twice:1", "twice:latest");
        JsonNode manifest = Json.readTree(member(archive, "manifest.json"), "manifest.json");
        assertThat(manifest).hasSize(1);
        assertThat(manifest.get(0).path("RepoTags")).extracting(JsonNode::asText).containsExactly("twice:1",
                "twice:latest");
        assertThat(Json.readTree(member(archive, "repositories"), "r").path("twice").size()).isEqualTo(2);
    }

    @Test
    void zstdLayersAreDecompressedIntoLayerTar() throws IOException {
        byte[] tar = TestImages.tar(TestImages.files("z", "zstd content\n"));
        ByteArrayOutputStream zst = new ByteArrayOutputStream();
        try (var out = new com.github.luben.zstd.ZstdOutputStream(zst)) {
            out.write(tar);
        }
        Descriptor layer = new Descriptor(MediaType.OCI_LAYER_ZSTD, Digest.sha256(zst.toByteArray()), zst.size());
        byte[] config = dev.lamina.image.json.ImageConfig.empty(Images.AMD64)
                .withLayer(Optional.of(Digest.sha256(tar)), new dev.lamina.image.json.History("", "", "", "", false))
                .toBytes();
        Descriptor configDescriptor = new Descriptor(MediaType.OCI_CONFIG, Digest.sha256(config), config.length);
        byte[] manifest = Manifest.of(MediaType.OCI_MANIFEST, configDescriptor, List.of(layer)).toBytes();
        Descriptor manifestDescriptor = new Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(manifest), manifest.length);
        try (StoreDestination destination = new StoreDestination(store)) {
            destination.putBlob(configDescriptor, () -> new ByteArrayInputStream(config));
            destination.putBlob(layer, () -> new ByteArrayInputStream(zst.toByteArray()));
            destination.putManifest(manifestDescriptor, manifest);
            destination.tag(manifestDescriptor, "z:1");
            destination.commit();
        }
        Path archive = save(store, "z:1");
        JsonNode m = Json.readTree(member(archive, "manifest.json"), "m");
        assertThat(member(archive, m.get(0).path("Layers").get(0).asText())).isEqualTo(tar);
    }

    @Test
    void aCompressedLayerGoesStraightIntoAFileAndThroughASpoolIntoAStreamAlike() throws IOException {
        Images.seed(store, Images.small("both"), "both:1");
        Path file = save(store, "both:1");
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (DockerArchiveDestination destination = DockerArchiveDestination.open(
                ArchiveOutput.toStream(stream, false), "docker-archive:-", dir)) {
            Images.copy(new StoreSource(store), Optional.of("both:1"), destination, "both:1");
            destination.commit();
        }

        assertThat(Files.readAllBytes(file)).isEqualTo(stream.toByteArray());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".lamina-save"));
        }
    }

    @Test
    void savedToAFileEachBlobIsReadOnce() throws IOException {
        Images.seed(store, Images.small("once"), "once:1");
        Path archive = dir.resolve("once.tar");
        Map<Digest, Integer> opens = new java.util.concurrent.ConcurrentHashMap<>();
        try (DockerArchiveDestination destination = DockerArchiveDestination.open(ArchiveOutput.toFile(archive),
                "docker-archive:once.tar", dir)) {
            ImageDestination counting = new ImageDestination() { // a registry source fetches once per open
                @Override
                public String description() {
                    return destination.description();
                }

                @Override
                public boolean acceptsIndex() {
                    return destination.acceptsIndex();
                }

                @Override
                public boolean hasBlob(Descriptor descriptor) throws IOException {
                    return destination.hasBlob(descriptor);
                }

                @Override
                public void putBlob(Descriptor descriptor, BlobContent content) throws IOException {
                    destination.putBlob(descriptor, () -> {
                        opens.merge(descriptor.digest(), 1, Integer::sum);
                        return content.open();
                    });
                }

                @Override
                public void putManifest(Descriptor descriptor, byte[] bytes) throws IOException {
                    destination.putManifest(descriptor, bytes);
                }

                @Override
                public void tag(Descriptor topLevel, String name) throws IOException {
                    destination.tag(topLevel, name);
                }

                @Override
                public void commit() throws IOException {
                    destination.commit();
                }
            };
            Images.copy(new StoreSource(store), Optional.of("once:1"), counting, "once:1");
            counting.commit();
        }

        assertThat(opens).hasSize(3).allSatisfy((digest, count) -> assertThat(count).as(digest.toString()).isOne());
        assertThat(members(archive)).containsKey("manifest.json");
    }

    @Test
    void aCompressedLayerWhoseContentIsNotTheConfigsDiffIdIsRefusedAndNoFileIsLeft() throws IOException {
        // another tar under the same blob digest would need a hash collision, so the config is made to lie instead
        Descriptor manifest = Images.seed(store, Images.small("lying"), "lying:1");
        Manifest m = Manifest.parse(store.readBlob(manifest.digest()), "m");
        ImageConfig config = ImageConfig.parse(store.readBlob(m.config().digest()), "c");
        ImageConfig lying = ImageConfig.empty(Images.AMD64);
        for (int i = 0; i < m.layers().size(); i++) {
            lying = lying.withLayer(Optional.of(Digest.sha256(new byte[] {(byte) i})),
                    new dev.lamina.image.json.History("", "", "", "", false));
        }
        assertThat(lying.diffIds()).doesNotContainAnyElementsOf(config.diffIds());
        ImageConfig lie = lying;
        byte[] lyingBytes = lie.toBytes();
        Descriptor lyingConfig = new Descriptor(MediaType.OCI_CONFIG, Digest.sha256(lyingBytes), lyingBytes.length);
        byte[] lyingManifest = Manifest.of(MediaType.OCI_MANIFEST, lyingConfig, m.layers()).toBytes();
        Descriptor lyingDescriptor = new Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(lyingManifest),
                lyingManifest.length);
        try (StoreDestination destination = new StoreDestination(store)) {
            destination.putBlob(lyingConfig, () -> new ByteArrayInputStream(lyingBytes));
            destination.putManifest(lyingDescriptor, lyingManifest);
            destination.tag(lyingDescriptor, "lying:2");
            destination.commit();
        }
        Path archive = dir.resolve("never.tar");

        try (DockerArchiveDestination destination = DockerArchiveDestination.open(ArchiveOutput.toFile(archive),
                "docker-archive:never.tar", dir)) {
            assertThatThrownBy(() -> Images.copy(new StoreSource(store), Optional.of("lying:2"), destination,
                    "lying:2")).hasMessageContaining("diff_id is " + lie.diffIds().get(0));
        }
        assertThat(archive).doesNotExist();
    }

    @Test
    void refusesALayerFileThatIsNotWhatTheConfigSays() throws IOException {
        Images.seed(store, Images.small("bad"), "bad:1");
        Path archive = save(store, "bad:1");
        // swap the content of the first layer.tar for another valid tar of the same size
        byte[] bytes = Files.readAllBytes(archive);
        JsonNode m = Json.readTree(member(archive, "manifest.json"), "m");
        byte[] original = member(archive, m.get(0).path("Layers").get(0).asText());
        byte[] other = original.clone();
        other[100] ^= 1; // the mode field of the first header: still a tar, other content
        int at = indexOf(bytes, original);
        System.arraycopy(other, 0, bytes, at, other.length);
        Files.write(archive, bytes);
        Store loaded = Store.open(dir.resolve("bad"));
        assertThatThrownBy(() -> load(DockerArchiveSource.open(ImageArchives.open(archive, TempSpool.create(dir),
                "docker-archive:bad.tar")), loaded, "bad:1"))
                .hasMessageContaining("digest mismatch");
        assertThat(new Catalog(loaded).entries()).isEmpty();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void aCompressedLayerWhoseBytesAreNotItsDigestIsRefusedEvenWhenItsContentIsRight() throws IOException {
        TestImages.Image image = Images.small("swapped");
        Images.seed(store, image, "swapped:1");
        // the same tar, compressed differently: decompresses to the right diffID, but it is not the blob named
        byte[] tar = TestImages.tar(TestImages.files("etc/swapped", "swapped\n"));
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(other) {
            {
                def.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            }
        }) {
            gz.write(tar);
        }
        Path blob = store.paths().blob(image.layers().get(0).digest());
        blob.toFile().setWritable(true);
        Files.write(blob, other.toByteArray());
        Path archive = dir.resolve("never.tar");
        try (DockerArchiveDestination destination = DockerArchiveDestination.open(ArchiveOutput.toFile(archive),
                "docker-archive:never.tar", dir)) {
            assertThatThrownBy(() -> Images.copy(new StoreSource(store), Optional.of("swapped:1"), destination))
                    .hasMessageContaining(image.layers().get(0).digest().toString())
                    .hasMessageContaining("mismatch");
        }
        assertThat(archive).doesNotExist();
    }

    @Test
    void aFailedSaveLeavesNoFileBehind() throws IOException {
        Images.seed(store, Images.small("gone"), "gone:1");
        Path archive = dir.resolve("never.tar");
        Files.delete(store.paths().blob(Images.small("gone").layers().get(0).digest()));
        try (DockerArchiveDestination destination = DockerArchiveDestination.open(ArchiveOutput.toFile(archive),
                "docker-archive:never.tar", dir)) {
            assertThatThrownBy(() -> Images.copy(new StoreSource(store), Optional.of("gone:1"), destination, "gone:1"))
                    .hasMessageContaining("not in the store");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("never.tar"))
                    .noneMatch(n -> n.startsWith(".lamina-save"));
        }
    }

}
