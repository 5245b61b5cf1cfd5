package dev.lamina.image.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.io.DigestMismatchException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A descriptor whose size is wrong for content the store already has is refused, not skipped. */
class StoreDestinationSizeTest {
    @TempDir
    Path root;

    @Test
    void aBlobPresentWithAnotherSizeThanTheDescriptorSaysIsRefused() throws IOException {
        Store store = Store.open(root);
        byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        Digest digest = store.putBytes(config);
        Descriptor wrong = new Descriptor(MediaType.OCI_CONFIG, digest, config.length + 1);
        try (StoreDestination destination = new StoreDestination(store)) {
            assertThat(destination.hasBlob(wrong)).isFalse();
            assertThat(destination.hasBlob(new Descriptor(MediaType.OCI_CONFIG, digest, config.length))).isTrue();
            assertThatThrownBy(() -> destination.putBlob(wrong, () -> new ByteArrayInputStream(config)))
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining("size mismatch").hasMessageContaining(digest.toString());
        }
    }
}
