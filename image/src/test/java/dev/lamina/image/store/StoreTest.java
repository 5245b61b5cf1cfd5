package dev.lamina.image.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.NotFoundException;
import dev.lamina.image.Platform;
import dev.lamina.image.io.DigestMismatchException;
import dev.lamina.image.json.Json;
import dev.lamina.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
    @TempDir
    Path root;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void opensAnEmptyOciLayout() throws IOException {
        Store.open(root);
        assertThat(Json.readTree(Files.readAllBytes(root.resolve("oci-layout")), "oci-layout")
                .path("imageLayoutVersion").asText()).isEqualTo("1.0.0");
        assertThat(Json.readTree(Files.readAllBytes(root.resolve("index.json")), "index").path("manifests").isArray())
                .isTrue();
        assertThat(root.resolve("blobs/sha256")).isDirectory();
    }

    @Test
    void storesABlobUnderItsDigestAndReadsItBack() throws IOException {
        Store store = Store.open(root);
        byte[] content = utf8("hello\n");
        Digest digest = store.putBlob(new ByteArrayInputStream(content), Optional.empty(), -1, "blob");

        assertThat(digest.toString()).isEqualTo("sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
        assertThat(root.resolve("blobs/sha256/" + digest.hex())).hasBinaryContent(content);
        assertThat(store.readBlob(digest)).isEqualTo(content);
        assertThat(store.blobSize(digest)).contains(6L);
    }

    @Test
    void refusesContentThatDoesNotMatchItsDigestAndKeepsNothing() throws IOException {
        Store store = Store.open(root);
        Digest claimed = Digest.sha256(utf8("what was promised"));

        assertThatThrownBy(() -> store.putBlob(new ByteArrayInputStream(utf8("something else")), Optional.of(claimed),
                -1, "layer " + claimed + " from test"))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("layer " + claimed + " from test: digest mismatch");
        assertThat(store.hasBlob(claimed)).isFalse();
        assertThat(blobFiles()).isEmpty();
        assertThat(root.resolve("lamina/ingest")).isEmptyDirectory();
    }

    @Test
    void refusesContentOfTheWrongSize() throws IOException {
        Store store = Store.open(root);
        byte[] content = utf8("twelve bytes");
        assertThatThrownBy(() -> store.putBlob(new ByteArrayInputStream(content), Optional.of(Digest.sha256(content)),
                13, "blob"))
                .hasMessageContaining("size mismatch: expected 13 bytes, got 12");
        assertThat(blobFiles()).isEmpty();
    }

    @Test
    void doesNotReadTheSourceOfABlobItAlreadyHas() throws IOException {
        Store store = Store.open(root);
        byte[] content = utf8("present");
        Digest digest = store.putBytes(content);
        var untouched = new ByteArrayInputStream(content);
        store.putBlob(untouched, Optional.of(digest), content.length, "blob");
        assertThat(untouched.available()).isEqualTo(content.length);
    }

    @Test
    void namesImagesByTheirFullNormalisedReference() throws IOException {
        Store store = Store.open(root);
        Descriptor image = writeImage(store, "a", "1");
        Catalog catalog = new Catalog(store);
        catalog.tag(ImageReference.parse("busybox"), image);
        catalog.tag(ImageReference.parse("localhost:5000/app:v1"), image);

        assertThat(store.indexEntries()).extracting(d -> d.refName().orElseThrow())
                .containsExactly("docker.io/library/busybox:latest", "localhost:5000/app:v1");
        assertThat(catalog.find("busybox:latest")).map(e -> e.descriptor().digest()).contains(image.digest());
        assertThat(catalog.find("docker.io/library/busybox")).isPresent();
        assertThat(catalog.find("busybox:2")).isEmpty();
    }

    @Test
    void retaggingMovesTheNameAndUntaggingRemovesOnlyIt() throws IOException {
        Store store = Store.open(root);
        Descriptor first = writeImage(store, "a", "1");
        Descriptor second = writeImage(store, "b", "2");
        Catalog catalog = new Catalog(store);
        catalog.tag(ImageReference.parse("app"), first);
        catalog.tag(ImageReference.parse("app:old"), first);
        catalog.tag(ImageReference.parse("app"), second);

        assertThat(catalog.find("app")).map(e -> e.descriptor().digest()).contains(second.digest());
        assertThat(catalog.untag(ImageReference.parse("app:old"))).isTrue();
        assertThat(catalog.untag(ImageReference.parse("app:old"))).isFalse();
        assertThat(store.indexEntries()).hasSize(1);
    }

    @Test
    void findsImagesByIdPrefixAsDockerDoes() throws IOException {
        Store store = Store.open(root);
        TestImages.Image image = TestImages.image(Platform.host(), TestImages.files("f", "x"));
        try (StoreDestination destination = new StoreDestination(store)) {
            TestImages.write(image, destination);
            destination.tag(image.manifest(), "app:1");
            destination.commit();
        }
        Catalog catalog = new Catalog(store);
        String id = image.config().digest().hex();
        assertThat(catalog.find(id.substring(0, 12))).map(e -> e.descriptor().digest()).contains(image.manifest().digest());
        assertThat(catalog.find("sha256:" + id)).isPresent();
        assertThat(catalog.imageId(image.manifest())).isEqualTo(image.config().digest());
    }

    @Test
    void findsAnImageByDigestReferenceWithoutAName() throws IOException {
        Store store = Store.open(root);
        Descriptor image = writeImage(store, "a", "1");
        Catalog catalog = new Catalog(store);
        assertThat(catalog.find("example.com/x@" + image.digest())).map(e -> e.descriptor().digest())
                .contains(image.digest());
    }

    @Test
    void indexRewritesKeepWhatOtherToolsWrote() throws IOException {
        Store.open(root);
        Files.writeString(root.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[],\"x-other\":{\"k\":1}}");
        Store store = Store.open(root);
        new Catalog(store).tag(ImageReference.parse("app"), writeImage(store, "a", "1"));
        assertThat(Json.readTree(Files.readAllBytes(root.resolve("index.json")), "index").path("x-other").path("k")
                .asInt()).isEqualTo(1);
    }

    @Test
    void recordsLayerDiffIdsWhenAManifestArrives() throws IOException {
        Store store = Store.open(root);
        TestImages.Image image = TestImages.image(Platform.host(), TestImages.files("f", "x"));
        try (StoreDestination destination = new StoreDestination(store)) {
            TestImages.write(image, destination);
        }
        Digest layer = image.layers().get(0).digest();
        assertThat(store.diffIdOf(layer)).contains(image.diffIds().get(0));
        assertThat(store.blobOfDiffId(image.diffIds().get(0))).contains(layer);
    }

    @Test
    void remembersTheRepositoriesABlobCameFromMostRecentFirst() {
        Store store = Store.open(root);
        Digest blob = Digest.sha256(utf8("layer"));
        assertThat(store.blobSources(blob)).isEmpty();

        store.recordBlobSource(blob, "localhost:5000/base");
        store.recordBlobSource(blob, "localhost:5000/app");
        store.recordBlobSource(blob, "localhost:5000/base");

        assertThat(store.blobSources(blob)).containsExactly("localhost:5000/app", "localhost:5000/base");
    }

    @Test
    void pruneRemovesExactlyTheUnreachableBlobs() throws IOException {
        Store store = Store.open(root);
        TestImages.Image kept = TestImages.image(Platform.host(), TestImages.files("shared", "s"),
                TestImages.files("k", "kept"));
        TestImages.Image dropped = TestImages.image(Platform.host(), TestImages.files("shared", "s"),
                TestImages.files("d", "dropped"));
        try (StoreDestination destination = new StoreDestination(store)) {
            TestImages.write(kept, destination);
            TestImages.write(dropped, destination);
            destination.tag(kept.manifest(), "kept");
            destination.commit();
        }
        Files.writeString(root.resolve("lamina/ingest/debris.tmp"), "left by a killed writer");

        GarbageCollector.Report report = new GarbageCollector(store, List.of()).prune();

        assertThat(report.removed()).containsExactlyInAnyOrder(dropped.manifest().digest(),
                dropped.config().digest(), dropped.layers().get(1).digest());
        assertThat(store.hasBlob(kept.layers().get(0).digest())).isTrue(); // shared with the dropped image
        assertThat(store.hasBlob(kept.manifest().digest())).isTrue();
        assertThat(root.resolve("lamina/ingest")).isEmptyDirectory();
        assertThat(new GarbageCollector(store, List.of()).prune().removed()).isEmpty();
    }

    @Test
    void pruneKeepsWhatAnIndexReferences() throws IOException {
        Store store = Store.open(root);
        Descriptor index;
        try (StoreDestination destination = new StoreDestination(store)) {
            index = TestImages.writeIndex(destination, java.util.Map.of(
                    Platform.parse("linux/amd64"), TestImages.image(Platform.parse("linux/amd64"), TestImages.files("a", "1")),
                    Platform.parse("linux/arm64"), TestImages.image(Platform.parse("linux/arm64"), TestImages.files("b", "2"))));
            destination.tag(index, "multi");
            destination.commit();
        }
        long before = blobFiles().size();
        assertThat(new GarbageCollector(store, List.of()).prune().removed()).isEmpty();
        assertThat(blobFiles()).hasSize((int) before).hasSize(7);
    }

    @Test
    void collectOnlyConsidersTheCandidates() throws IOException {
        Store store = Store.open(root);
        Descriptor a = writeImage(store, "a", "1");
        Descriptor b = writeImage(store, "b", "2");
        GarbageCollector.Report report = new GarbageCollector(store, List.of()).collect(Set.of(a.digest()));
        assertThat(report.removed()).containsExactly(a.digest());
        assertThat(store.hasBlob(b.digest())).isTrue();
    }

    @Test
    void readingAMissingBlobNamesIt() throws IOException {
        Store store = Store.open(root);
        Digest missing = Digest.sha256(utf8("nope"));
        assertThatThrownBy(() -> store.readBlob(missing)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(missing.toString());
    }

    private Descriptor writeImage(Store store, String file, String content) throws IOException {
        TestImages.Image image = TestImages.image(Platform.host(), TestImages.files(file, content));
        try (StoreDestination destination = new StoreDestination(store)) {
            return TestImages.write(image, destination);
        }
    }

    private List<Path> blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
