package dev.lamina.tarball.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.json.ImageIndex;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.store.StoreSource;
import dev.lamina.image.testing.TestImages;
import dev.lamina.tarball.archive.ArchiveOutput;
import dev.lamina.tarball.archive.ImageArchives;
import dev.lamina.tarball.archive.TempSpool;
import dev.lamina.tarball.testing.Images;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
    @TempDir
    Path dir;

    private Store store;

    @BeforeEach
    void setUp() {
        store = Store.open(dir.resolve("store"));
    }

    private Path layout() {
        return dir.resolve("layout");
    }

    private ImageCopier.CopyResult toLayout(String name, String... tags) throws IOException {
        try (OciLayoutDestination destination = OciLayoutDestination.open(layout(), "oci:" + layout())) {
            ImageCopier.CopyResult result = Images.copy(new StoreSource(store), Optional.of(name), destination, tags);
            destination.commit();
            return result;
        }
    }

    private ImageIndex index() throws IOException {
        return ImageIndex.parse(Files.readAllBytes(layout().resolve("index.json")), "index.json");
    }

    @Test
    void writesALayoutWithTheTagAsRefNameAndEveryDigestPreserved() throws IOException {
        TestImages.Image image = Images.small("app");
        Images.seed(store, image, "app:1");
        toLayout("app:1", "1.0");
        assertThat(layout().resolve("oci-layout")).hasContent("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(index().manifests()).singleElement().satisfies(e -> {
            assertThat(e.digest()).isEqualTo(image.manifest().digest());
            assertThat(e.refName()).contains("1.0");
            assertThat(e.annotations()).doesNotContainKey(LayoutNames.CONTAINERD_NAME);
        });
        for (Descriptor blob : List.of(image.config(), image.layers().get(0), image.manifest())) {
            Path file = layout().resolve("blobs/sha256/" + blob.digest().hex());
            assertThat(Digest.sha256(Files.readAllBytes(file))).isEqualTo(blob.digest());
        }
        try (var leftovers = Files.list(layout())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("blobs", "index.json",
                    "oci-layout");
        }
    }

    @Test
    void aFullReferenceAlsoGetsContainerdsNameSoDockerLoadsItUnderThatName() throws IOException {
        Images.seed(store, Images.small("app"), "app:1");
        toLayout("app:1", "docker.io/library/app:1");
        assertThat(index().manifests().get(0).annotations())
                .containsEntry(Descriptor.REF_NAME, "docker.io/library/app:1")
                .containsEntry(LayoutNames.CONTAINERD_NAME, "docker.io/library/app:1");
    }

    @Test
    void aDockerSchema2ImageIsWrittenWithOciTypesItsConfigAndLayersUntouched() throws IOException {
        TestImages.Image image = Images.small("docker");
        Descriptor dockerDescriptor = Images.seedDockerTyped(store, image, "docker:1");
        toLayout("docker:1", "d");
        Descriptor entry = index().manifests().get(0);
        assertThat(entry.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(entry.digest()).isNotEqualTo(dockerDescriptor.digest());
        Manifest written = Manifest.parse(Files.readAllBytes(layout().resolve("blobs/sha256/" + entry.digest().hex())), "w");
        assertThat(written.mediaType()).contains(MediaType.OCI_MANIFEST);
        assertThat(written.config().mediaType()).isEqualTo(MediaType.OCI_CONFIG);
        assertThat(written.config().digest()).isEqualTo(image.config().digest());
        assertThat(written.layers()).extracting(Descriptor::digest).containsExactlyElementsOf(
                image.layers().stream().map(Descriptor::digest).toList());
        assertThat(written.layers()).extracting(Descriptor::mediaType).containsOnly(MediaType.OCI_LAYER_GZIP);
    }

    @Test
    void aMultiPlatformIndexIsCopiedWholeWithItsDigest() throws IOException {
        Map<Platform, TestImages.Image> images = new LinkedHashMap<>();
        images.put(Platform.parse("linux/amd64"), Images.small("amd"));
        images.put(Platform.parse("linux/arm64"), Images.small("arm"));
        Descriptor index;
        try (StoreDestination destination = new StoreDestination(store)) {
            index = TestImages.writeIndex(destination, images);
            destination.tag(index, "multi:1");
            destination.commit();
        }
        toLayout("multi:1", "multi");
        assertThat(index().manifests()).singleElement().satisfies(e -> {
            assertThat(e.digest()).isEqualTo(index.digest());
            assertThat(e.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        });
        try (OciLayoutSource source = OciLayoutSource.open(layout(), "oci:layout")) {
            Store other = Store.open(dir.resolve("other"));
            try (StoreDestination destination = new StoreDestination(other)) {
                ImageCopier.CopyResult result = Images.copy(source, Optional.of("multi"), destination, "back:1");
                destination.commit();
                assertThat(result.topLevel().digest()).isEqualTo(index.digest());
                assertThat(result.blobsCopied()).isEqualTo(6);
            }
        }
    }

    @Test
    void anExistingLayoutKeepsItsOtherEntriesAndANameMovesToTheNewImage() throws IOException {
        TestImages.Image one = Images.small("one");
        TestImages.Image two = Images.small("two");
        Images.seed(store, one, "one:1");
        Images.seed(store, two, "two:1");
        toLayout("one:1", "keep");
        toLayout("one:1", "moving");
        toLayout("two:1", "moving");
        assertThat(index().manifests()).extracting(e -> e.refName().orElse(""), Descriptor::digest).containsExactly(
                org.assertj.core.groups.Tuple.tuple("keep", one.manifest().digest()),
                org.assertj.core.groups.Tuple.tuple("moving", two.manifest().digest()));
    }

    @Test
    void anImageCopiedWithoutANameIsListedUnnamedOnce() throws IOException {
        Images.seed(store, Images.small("anon"), "anon:1");
        toLayout("anon:1");
        toLayout("anon:1");
        assertThat(index().manifests()).singleElement().satisfies(e -> assertThat(e.refName()).isEmpty());
    }

    @Test
    void anOciArchiveStreamsOutAndReadsBackFromAPipeOrAFile() throws IOException {
        TestImages.Image image = Images.small("arch");
        Images.seed(store, image, "arch:1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OciArchiveDestination destination = OciArchiveDestination.open(ArchiveOutput.toStream(out, false), "stdout")) {
            Images.copy(new StoreSource(store), Optional.of("arch:1"), destination, "docker.io/library/arch:1");
            destination.commit();
        }
        try (ImageSource piped = OciLayoutSource.open(ImageArchives.read(new ByteArrayInputStream(out.toByteArray()),
                TempSpool.create(dir), "stdin"))) {
            assertThat(piped.images()).singleElement().satisfies(i -> {
                assertThat(i.descriptor().digest()).isEqualTo(image.manifest().digest());
                assertThat(i.names()).containsExactly("docker.io/library/arch:1");
            });
            assertThat(piped.resolve(Optional.of("arch:1")).digest()).isEqualTo(image.manifest().digest());
        }
        Path file = dir.resolve("arch.tar");
        Files.write(file, out.toByteArray());
        try (ImageSource source = OciLayoutSource.open(ImageArchives.open(file, TempSpool.create(dir), "oci-archive:f"))) {
            Store other = Store.open(dir.resolve("other"));
            try (StoreDestination destination = new StoreDestination(other)) {
                assertThat(Images.copy(source, Optional.empty(), destination, "arch:2").topLevel().digest())
                        .isEqualTo(image.manifest().digest());
            }
        }
    }

    @Test
    void resolvesByRefNameDigestOrReferenceAndRefusesWhatIsNotAnImage() throws IOException {
        Images.seed(store, Images.small("a"), "a:1");
        Images.seed(store, Images.small("b"), "b:1");
        toLayout("a:1", "docker.io/library/a:1");
        toLayout("b:1", "b-tag");
        try (OciLayoutSource source = OciLayoutSource.open(layout(), "oci:layout")) {
            Descriptor a = source.resolve(Optional.of("docker.io/library/a:1"));
            assertThat(source.resolve(Optional.of("a:1"))).isEqualTo(a);
            assertThat(source.resolve(Optional.of("@" + a.digest()))).isEqualTo(a);
            assertThat(source.resolve(Optional.of("b-tag")).refName()).isEmpty();
            assertThatThrownBy(() -> source.resolve(Optional.empty())).hasMessageContaining("holds 2 images")
                    .hasMessageContaining("b-tag");
            assertThatThrownBy(() -> source.resolve(Optional.of("c"))).hasMessageContaining("no image named \"c\"");
        }
    }

    @Test
    void aDamagedBlobInALayoutFailsTheCopyNamingIt() throws IOException {
        TestImages.Image image = Images.small("dmg");
        Images.seed(store, image, "dmg:1");
        toLayout("dmg:1", "t");
        Files.write(layout().resolve("blobs/sha256/" + image.layers().get(1).digest().hex()), new byte[] {1, 2, 3});
        try (OciLayoutSource source = OciLayoutSource.open(layout(), "oci:layout");
                StoreDestination destination = new StoreDestination(Store.open(dir.resolve("x")))) {
            assertThatThrownBy(() -> Images.copy(source, Optional.of("t"), destination))
                    .hasMessageContaining(image.layers().get(1).digest().toString()).hasMessageContaining("mismatch");
        }
    }
}
