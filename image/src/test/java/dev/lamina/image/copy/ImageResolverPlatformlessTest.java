package dev.lamina.image.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.NotFoundException;
import dev.lamina.image.Platform;
import dev.lamina.image.json.ImageIndex;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.store.StoreSource;
import dev.lamina.image.testing.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** As containerd matches platforms: an index entry that declares no platform suits any. */
class ImageResolverPlatformlessTest {
    @TempDir
    Path root;

    @Test
    void anIndexEntryWithoutAPlatformIsChosenWhenNoneMatchesBetter() throws IOException {
        Store store = Store.open(root);
        TestImages.Image image = TestImages.image(Platform.parse("linux/amd64"), TestImages.files("a", "1"));
        Descriptor index;
        try (StoreDestination destination = new StoreDestination(store)) {
            TestImages.write(image, destination);
            byte[] bytes = ImageIndex.of(MediaType.OCI_INDEX, List.of(image.manifest())).toBytes();
            index = new Descriptor(MediaType.OCI_INDEX, Digest.sha256(bytes), bytes.length);
            destination.putManifest(index, bytes);
        }
        ImageResolver resolver = new ImageResolver(new StoreSource(store));
        assertThat(resolver.manifestFor(index, Platform.parse("linux/s390x"))).isEqualTo(image.manifest());
    }

    @Test
    void anEntryForAnotherPlatformIsStillNotChosen() throws IOException {
        Store store = Store.open(root);
        TestImages.Image image = TestImages.image(Platform.parse("linux/arm64"), TestImages.files("a", "1"));
        Descriptor index;
        try (StoreDestination destination = new StoreDestination(store)) {
            index = TestImages.writeIndex(destination, java.util.Map.of(Platform.parse("linux/arm64"), image));
        }
        assertThatThrownBy(() -> new ImageResolver(new StoreSource(store)).manifestFor(index, Platform.parse("linux/s390x")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("linux/arm64");
    }
}
