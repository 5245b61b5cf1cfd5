package dev.lamina.image.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.Platform;
import dev.lamina.image.testing.Peers;
import dev.lamina.image.testing.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store is an OCI image layout any OCI tool reads: oci-image-tool validates it, image by tag. */
@Tag("peer")
class StoreValidatedByOciImageToolTest {
    @TempDir
    Path root;

    @Test
    void ociImageToolValidatesTheStoreAfterTagging() throws IOException {
        String tool = Peers.require("oci-image-tool").toString();
        Store store = Store.open(root);
        TestImages.Image image = TestImages.image(Platform.parse("linux/amd64"), TestImages.files("etc/hello", "hi\n"),
                TestImages.files("usr/bin/tool", "#!/bin/sh\n"));
        try (StoreDestination destination = new StoreDestination(store)) {
            TestImages.write(image, destination);
            destination.tag(image.manifest(), "example.com/team/app:1.0");
            destination.commit();
        }

        Peers.Result result = Peers.check(tool, "validate", "--type", "image", "--ref",
                "name=example.com/team/app:1.0", root.toString());
        assertThat(result.stdout() + result.stderr()).contains("Validation succeeded");
    }

    @Test
    void ociImageToolRejectsAStoreWhoseBlobWasDamaged() throws IOException {
        String tool = Peers.require("oci-image-tool").toString();
        Store store = Store.open(root);
        TestImages.Image image = TestImages.image(Platform.parse("linux/amd64"), TestImages.files("a", "b"));
        try (StoreDestination destination = new StoreDestination(store)) {
            TestImages.write(image, destination);
            destination.tag(image.manifest(), "app:1");
            destination.commit();
        }
        java.nio.file.Files.writeString(store.paths().blob(image.config().digest()), "{}");
        // the validator is a real witness: it notices damage, so its success above means something
        assertThat(Peers.run(java.util.List.of(tool, "validate", "--type", "image", "--ref",
                "name=docker.io/library/app:1", root.toString())).exitCode()).isNotZero();
    }
}
