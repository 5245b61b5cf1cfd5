package dev.lamina.image.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.NotFoundException;
import dev.lamina.image.Platform;
import dev.lamina.image.io.DigestMismatchException;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.store.StoreSource;
import dev.lamina.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCopierTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64");

    @TempDir
    Path from;
    @TempDir
    Path to;

    @Test
    void copiesAnImageBetweenStoresWithItsNames() throws IOException {
        Store source = Store.open(from);
        TestImages.Image image = TestImages.image(AMD64, TestImages.files("a", "1"), TestImages.files("b", "2"));
        seed(source, image, "app:1");

        Store target = Store.open(to);
        ImageCopier.CopyResult result;
        try (StoreDestination destination = new StoreDestination(target)) {
            result = ImageCopier.copy(new StoreSource(source), Optional.of("app:1"), destination,
                    CopyOptions.defaults().withTags(List.of("copied:latest")));
            destination.commit();
        }
        assertThat(result.topLevel().digest()).isEqualTo(image.manifest().digest());
        assertThat(result.blobsCopied()).isEqualTo(3);
        assertThat(new Catalog(target).find("copied")).map(e -> e.descriptor().digest())
                .contains(image.manifest().digest());
        assertThat(target.readBlob(image.manifest().digest())).isEqualTo(image.manifestBytes());
    }

    @Test
    void movesOnlyTheBlobsTheDestinationLacks() throws IOException {
        Store source = Store.open(from);
        TestImages.Image image = TestImages.image(AMD64, TestImages.files("a", "1"), TestImages.files("b", "2"));
        seed(source, image, "app:1");
        Store target = Store.open(to);
        target.putBlob(new ByteArrayInputStream(image.layerBytes().get(0)), Optional.empty(), -1, "pre");

        RecordingListener listener = new RecordingListener();
        try (StoreDestination destination = new StoreDestination(target)) {
            ImageCopier.copy(new StoreSource(source), Optional.of("app:1"), destination,
                    CopyOptions.defaults().withListener(listener));
        }
        assertThat(listener.skipped).containsExactly(image.layers().get(0).digest());
        assertThat(listener.done).containsExactlyInAnyOrder(image.config().digest(), image.layers().get(1).digest());
        assertThat(listener.manifests).containsExactly(image.manifest().digest());
    }

    @Test
    void refusesABlobWhoseContentDoesNotMatchAndStoresNothingOfIt() throws IOException {
        Store source = Store.open(from);
        TestImages.Image image = TestImages.image(AMD64, TestImages.files("a", "1"));
        seed(source, image, "app:1");
        Digest layer = image.layers().get(0).digest();
        ImageSource tampering = new Tampering(new StoreSource(source), layer);

        Store target = Store.open(to);
        try (StoreDestination destination = new StoreDestination(target)) {
            assertThatThrownBy(() -> ImageCopier.copy(tampering, Optional.of("app:1"), destination,
                    CopyOptions.defaults()))
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining(layer.toString());
        }
        assertThat(target.hasBlob(layer)).isFalse();
        assertThat(target.hasBlob(image.manifest().digest())).isFalse(); // manifests only after their blobs
    }

    @Test
    void copiesEveryPlatformOfAnIndexOrOnlyTheOneAskedFor() throws IOException {
        Store source = Store.open(from);
        Map<Platform, TestImages.Image> images = new LinkedHashMap<>();
        images.put(AMD64, TestImages.image(AMD64, TestImages.files("amd", "x")));
        images.put(ARM64, TestImages.image(ARM64, TestImages.files("arm", "y")));
        Descriptor index;
        try (StoreDestination destination = new StoreDestination(source)) {
            index = TestImages.writeIndex(destination, images);
            destination.tag(index, "multi");
            destination.commit();
        }

        Store all = Store.open(to.resolve("all"));
        try (StoreDestination destination = new StoreDestination(all)) {
            ImageCopier.CopyResult result = ImageCopier.copy(new StoreSource(source), Optional.of("multi"),
                    destination, CopyOptions.defaults());
            assertThat(result.topLevel().digest()).isEqualTo(index.digest());
        }
        assertThat(all.hasBlob(images.get(ARM64).layers().get(0).digest())).isTrue();
        assertThat(all.hasBlob(images.get(AMD64).layers().get(0).digest())).isTrue();

        Store one = Store.open(to.resolve("one"));
        try (StoreDestination destination = new StoreDestination(one)) {
            ImageCopier.CopyResult result = ImageCopier.copy(new StoreSource(source), Optional.of("multi"),
                    destination, CopyOptions.defaults().withPlatform(Optional.of(Platform.parse("linux/aarch64"))));
            assertThat(result.topLevel().digest()).isEqualTo(images.get(ARM64).manifest().digest());
        }
        assertThat(one.hasBlob(images.get(AMD64).layers().get(0).digest())).isFalse();

        try (StoreDestination destination = new StoreDestination(one)) {
            assertThatThrownBy(() -> ImageCopier.copy(new StoreSource(source), Optional.of("multi"), destination,
                    CopyOptions.defaults().withPlatform(Optional.of(Platform.parse("linux/s390x")))))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no image for linux/s390x")
                    .hasMessageContaining("linux/amd64, linux/arm64");
        }
    }

    @Test
    void resolvesTheHostImageAndItsConfigThroughAnIndex() throws IOException {
        Store source = Store.open(from);
        Map<Platform, TestImages.Image> images = new LinkedHashMap<>();
        images.put(Platform.parse("linux/s390x"), TestImages.image(Platform.parse("linux/s390x"), TestImages.files("s", "1")));
        images.put(Platform.host(), TestImages.image(Platform.host(), TestImages.files("h", "2")));
        Descriptor index;
        try (StoreDestination destination = new StoreDestination(source)) {
            index = TestImages.writeIndex(destination, images);
        }
        ImageResolver.ResolvedImage resolved = new ImageResolver(new StoreSource(source)).resolve(index, Platform.host());
        assertThat(resolved.manifestDescriptor().digest()).isEqualTo(images.get(Platform.host()).manifest().digest());
        assertThat(resolved.config().diffIds()).isEqualTo(images.get(Platform.host()).diffIds());
    }

    private static void seed(Store store, TestImages.Image image, String tag) throws IOException {
        try (StoreDestination destination = new StoreDestination(store)) {
            TestImages.write(image, destination);
            destination.tag(image.manifest(), tag);
            destination.commit();
        }
    }

    /** Serves one blob with a flipped byte, as a broken mirror or disk would. */
    private record Tampering(ImageSource inner, Digest victim) implements ImageSource {
        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public List<NamedImage> images() throws IOException {
            return inner.images();
        }

        @Override
        public Descriptor resolve(Optional<String> name) throws IOException {
            return inner.resolve(name);
        }

        @Override
        public byte[] readManifest(Descriptor descriptor) throws IOException {
            return inner.readManifest(descriptor);
        }

        @Override
        public InputStream openBlob(Descriptor descriptor, long offset) throws IOException {
            byte[] bytes = inner.openBlob(descriptor, offset).readAllBytes();
            if (descriptor.digest().equals(victim)) {
                bytes[bytes.length / 2] ^= 0x40;
            }
            return new ByteArrayInputStream(bytes);
        }
    }

    private static final class RecordingListener implements CopyListener {
        final List<Digest> skipped = Collections.synchronizedList(new ArrayList<>());
        final List<Digest> done = Collections.synchronizedList(new ArrayList<>());
        final List<Digest> manifests = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void blobSkipped(Descriptor blob) {
            skipped.add(blob.digest());
        }

        @Override
        public void blobDone(Descriptor blob) {
            done.add(blob.digest());
        }

        @Override
        public void manifestWritten(Descriptor manifest) {
            manifests.add(manifest.digest());
        }
    }
}
