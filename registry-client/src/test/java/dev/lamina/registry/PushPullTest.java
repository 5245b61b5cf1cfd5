package dev.lamina.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.ImageReference;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.Store;
import dev.lamina.image.testing.TestImages;
import dev.lamina.registry.testing.RegistryServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull against the real Distribution registry over plain HTTP, without authentication. */
@Tag("peer")
class PushPullTest {
    @TempDir
    static Path registryDir;
    static RegistryServer registry;

    @TempDir
    Path from;
    @TempDir
    Path to;

    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startRegistry() {
        registry = RegistryServer.start(registryDir);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    RegistryClient client(RegistryOptions options) {
        return RegistryClient.create(options.withLog(log::add));
    }

    ImageReference ref(String text) {
        return ImageReference.parse(registry.host() + "/" + text);
    }

    @Test
    void pushedImagePullsBackWithTheSameDigests() throws IOException {
        TestImages.Image image = Images.small("round-trip");
        Store source = Images.seed(from, image, "app:1");
        try (RegistryClient client = client(RegistryOptions.defaults())) {
            ImageCopier.CopyResult pushed = Images.push(client, source, "app:1", ref("team/app:1"), MountSources.NONE);
            assertThat(pushed.topLevel().digest()).isEqualTo(image.manifest().digest());
            assertThat(pushed.blobsCopied()).isEqualTo(3);

            Store target = Store.open(to);
            ImageCopier.CopyResult pulled = Images.pull(client, ref("team/app:1"), target);
            assertThat(pulled.topLevel().digest()).isEqualTo(image.manifest().digest());
            assertThat(target.readBlob(image.manifest().digest())).isEqualTo(image.manifestBytes());
            assertThat(target.readBlob(image.config().digest())).isEqualTo(image.configBytes());
            assertThat(new Catalog(target).find(ref("team/app:1").toString())).isPresent();
        }
    }

    @Test
    void aMissingTagIsOneLineWithCodeAndReference() throws IOException {
        Store source = Images.seed(from, Images.small("missing-tag"), "app:1");
        try (RegistryClient client = client(RegistryOptions.defaults())) {
            Images.push(client, source, "app:1", ref("app:1"), MountSources.NONE);
            assertThatThrownBy(() -> Images.pull(client, ref("app:2"), Store.open(to)))
                    .isInstanceOf(RegistryException.class)
                    .hasMessage("MANIFEST_UNKNOWN: manifest unknown: " + registry.host() + "/app:2");
        }
    }
}
