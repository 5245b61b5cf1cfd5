package dev.lamina.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.store.StoreSource;
import dev.lamina.image.testing.TestImages;
import dev.lamina.registry.testing.MultiPlatform;
import dev.lamina.registry.testing.SharedRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull against the real Distribution registry over plain HTTP, without authentication. */
@Tag("peer")
class PushPullTest {
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry();

    @TempDir
    Path from;
    @TempDir
    Path to;

    final List<String> log = Collections.synchronizedList(new ArrayList<>());

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

    @Test
    void aSecondPullMovesNothingAndASecondPushOnlyLooks() throws IOException {
        TestImages.Image image = Images.small("again");
        Store source = Images.seed(from, image, "app:1");
        try (RegistryClient client = client(RegistryOptions.defaults())) {
            Images.push(client, source, "app:1", ref("again/app:1"), MountSources.NONE);
            Store target = Store.open(to);
            Images.pull(client, ref("again/app:1"), target);

            ImageCopier.CopyResult pulledAgain = Images.pull(client, ref("again/app:1"), target);
            assertThat(pulledAgain.blobsCopied()).isZero();
            assertThat(pulledAgain.blobsSkipped()).isEqualTo(3);

            log.clear();
            ImageCopier.CopyResult pushedAgain = Images.push(client, source, "app:1", ref("again/app:1"),
                    MountSources.NONE);
            assertThat(pushedAgain.blobsCopied()).isZero();
            assertThat(log).noneMatch(line -> line.startsWith("> POST") || line.startsWith("> PATCH"));
        }
    }

    @Test
    void aDigestReferenceIsStoredUnderThatDigest() throws IOException {
        TestImages.Image image = Images.small("by-digest");
        Store source = Images.seed(from, image, "app:1");
        try (RegistryClient client = client(RegistryOptions.defaults())) {
            Images.push(client, source, "app:1", ref("digest/app:1"), MountSources.NONE);
            ImageReference byDigest = ref("digest/app").withoutTag().withDigest(image.manifest().digest());
            Store target = Store.open(to);
            Images.pull(client, byDigest, target);
            assertThat(new Catalog(target).find(byDigest.toString())).map(e -> e.descriptor().digest())
                    .contains(image.manifest().digest());
            assertThat(new Catalog(target).entries()).singleElement()
                    .satisfies(e -> assertThat(e.reference()).contains(byDigest));
        }
    }

    @Test
    void aMultiPlatformIndexIsPushedWholeAndPulledForEachPlatform() throws IOException {
        Platform amd64 = MultiPlatform.AMD64;
        Platform arm64 = MultiPlatform.ARM64;
        Map<Platform, TestImages.Image> images = MultiPlatform.amd64AndArm64();
        Store source = Store.open(from);
        Descriptor index;
        try (StoreDestination destination = new StoreDestination(source)) {
            index = TestImages.writeIndex(destination, images);
            destination.tag(index, "multi:1");
            destination.commit();
        }
        try (RegistryClient client = client(RegistryOptions.defaults())) {
            ImageCopier.CopyResult pushed = Images.push(client, source, "multi:1", ref("multi/app:1"),
                    MountSources.NONE);
            assertThat(pushed.topLevel().digest()).isEqualTo(index.digest());
            for (Platform platform : List.of(amd64, arm64)) {
                Store target = Store.open(to.resolve(platform.architecture()));
                ImageCopier.CopyResult pulled = Images.pull(client, ref("multi/app:1"), target,
                        CopyOptions.defaults().withPlatform(Optional.of(platform)));
                assertThat(pulled.topLevel().digest()).isEqualTo(images.get(platform).manifest().digest());
                assertThat(target.hasBlob(images.get(platform).layers().get(0).digest())).isTrue();
            }
            Store everything = Store.open(to.resolve("all"));
            assertThat(Images.pull(client, ref("multi/app:1"), everything, CopyOptions.defaults()).topLevel().digest())
                    .isEqualTo(index.digest());
            assertThat(everything.readBlob(index.digest())).isEqualTo(source.readBlob(index.digest()));
        }
    }

    @Test
    void oneCopyCanGiveSeveralTags() throws IOException {
        Store source = Images.seed(from, Images.small("tags"), "app:1");
        try (RegistryClient client = client(RegistryOptions.defaults())) {
            try (RegistryDestination destination = client.destination(ref("tagged/app"))) {
                ImageCopier.copy(new StoreSource(source), Optional.of("app:1"), destination,
                        CopyOptions.defaults().withTags(List.of("1", "1.0", "latest")));
                destination.commit();
            }
            assertThat(client.tags(ref("tagged/app"))).containsExactlyInAnyOrder("1", "1.0", "latest");
        }
    }

    @Test
    void blobsPulledFromOneRepositoryAreMountedWhenPushedToAnother() throws IOException {
        TestImages.Image image = Images.small("mount");
        Store seed = Images.seed(from, image, "base:1");
        try (RegistryClient client = client(RegistryOptions.defaults())) {
            Images.push(client, seed, "base:1", ref("mount/base:1"), MountSources.NONE);
            Store store = Store.open(to);
            StoreMountSources sources = new StoreMountSources(store);
            Images.pull(client, ref("mount/base:1"), store, CopyOptions.defaults()
                    .withListener(sources.recording(ref("mount/base:1"), dev.lamina.image.copy.CopyListener.NONE)));
            assertThat(store.blobSources(image.layers().get(0).digest())).containsExactly(registry.host() + "/mount/base");

            log.clear();
            Images.push(client, store, ref("mount/base:1").toString(), ref("mount/derived:1"), sources);
            assertThat(log).filteredOn(line -> line.startsWith("< 201 POST") && line.contains("mount=")).hasSize(3);
            assertThat(log).noneMatch(line -> line.startsWith("> PUT") && line.contains("/blobs/uploads/"));
        }
    }

    @Test
    void aCopyBetweenRepositoriesOfOneRegistryMountsEveryBlob() throws IOException {
        TestImages.Image image = Images.small("registry-to-registry");
        Store seed = Images.seed(from, image, "app:1");
        try (RegistryClient client = client(RegistryOptions.defaults())) {
            Images.push(client, seed, "app:1", ref("r2r/source:1"), MountSources.NONE);
            log.clear();
            try (RegistrySource source = client.source(ref("r2r/source:1"));
                 RegistryDestination destination = client.destination(ref("r2r/target:1"),
                         MountSources.repository(ref("r2r/source:1").name()))) {
                ImageCopier.CopyResult result = ImageCopier.copy(source, Optional.empty(), destination,
                        CopyOptions.defaults().withTags(List.of("1")));
                destination.commit();
                assertThat(result.topLevel().digest()).isEqualTo(image.manifest().digest());
            }
            assertThat(log).noneMatch(line -> line.startsWith("> GET") && line.contains("/blobs/"));
            assertThat(client.tags(ref("r2r/target"))).containsExactly("1");
        }
    }
}
