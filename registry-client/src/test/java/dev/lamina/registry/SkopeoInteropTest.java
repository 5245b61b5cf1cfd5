package dev.lamina.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.MediaType;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.json.Json;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.testing.Peers;
import dev.lamina.image.testing.TestImages;
import dev.lamina.registry.testing.MultiPlatform;
import dev.lamina.registry.testing.SharedRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** lamina and skopeo, the reference client, read what each other pushes: same manifests, same digests. */
@Tag("peer")
class SkopeoInteropTest {
    private static final Platform AMD64 = MultiPlatform.AMD64;
    private static final Platform ARM64 = MultiPlatform.ARM64;

    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry();

    @TempDir
    Path dir;

    @BeforeAll
    static void requireSkopeo() {
        Peers.require("skopeo");
    }

    static String skopeo(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        return Peers.run(command).requireSuccess(command).stdout().trim();
    }

    static Digest rawDigestBySkopeo(String reference) {
        String raw = Peers.run(List.of("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + reference))
                .stdout();
        return Digest.sha256(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** An OCI layout skopeo can read, holding {@code image} (or an index) as {@code v1}. */
    static Path layout(Path dir, java.util.function.Function<StoreDestination, Descriptor> write) {
        Store store = Store.open(dir);
        Descriptor top;
        try (StoreDestination destination = new StoreDestination(store)) {
            top = write.apply(destination);
        }
        store.updateIndex(entries -> List.of(top.withAnnotation(Descriptor.REF_NAME, "v1")));
        return dir;
    }

    RegistryClient client() {
        return RegistryClient.create(RegistryOptions.defaults());
    }

    @Test
    void skopeoPullsWhatLaminaPushedWithTheSameDigest() throws IOException {
        TestImages.Image image = Images.small("lamina-to-skopeo");
        Store store = Images.seed(dir.resolve("store"), image, "app:1");
        String reference = registry.host() + "/interop/from-lamina:1";
        try (RegistryClient client = client()) {
            Images.push(client, store, "app:1", ImageReference.parse(reference), MountSources.NONE);
        }
        assertThat(rawDigestBySkopeo(reference)).isEqualTo(image.manifest().digest());
        Path copied = dir.resolve("skopeo-oci");
        skopeo("copy", "--src-tls-verify=false", "docker://" + reference, "oci:" + copied + ":v1");
        JsonNode index = Json.readTree(Files.readAllBytes(copied.resolve("index.json")), "index");
        assertThat(index.path("manifests").get(0).path("digest").asText()).isEqualTo(image.manifest().digest().toString());
        assertThat(copied.resolve("blobs/sha256/" + image.layers().get(1).digest().hex())).hasBinaryContent(
                image.layerBytes().get(1));
    }

    @Test
    void laminaPullsWhatSkopeoPushedInOciAndDockerFormats() throws IOException {
        TestImages.Image image = Images.small("skopeo-to-lamina");
        Path source = layout(dir.resolve("layout"), destination -> {
            try {
                return TestImages.write(image, destination);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String oci = registry.host() + "/interop/from-skopeo:oci";
        String docker = registry.host() + "/interop/from-skopeo:v2s2";
        skopeo("copy", "--dest-tls-verify=false", "oci:" + source + ":v1", "docker://" + oci);
        skopeo("copy", "--dest-tls-verify=false", "--format", "v2s2", "oci:" + source + ":v1", "docker://" + docker);

        try (RegistryClient client = client()) {
            Store ociStore = Store.open(dir.resolve("pulled-oci"));
            Descriptor pulled = Images.pull(client, ImageReference.parse(oci), ociStore).topLevel();
            assertThat(pulled.digest()).isEqualTo(rawDigestBySkopeo(oci)).isEqualTo(image.manifest().digest());

            Store dockerStore = Store.open(dir.resolve("pulled-docker"));
            Descriptor converted = Images.pull(client, ImageReference.parse(docker), dockerStore).topLevel();
            assertThat(converted.digest()).isEqualTo(rawDigestBySkopeo(docker)).isNotEqualTo(image.manifest().digest());
            assertThat(converted.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
            Manifest manifest = Manifest.parse(dockerStore.readBlob(converted.digest()), "pulled");
            assertThat(manifest.config().mediaType()).isEqualTo(MediaType.DOCKER_CONFIG);
            assertThat(dockerStore.readBlob(manifest.config().digest())).isEqualTo(image.configBytes());
            assertThat(dockerStore.hasBlob(image.layers().get(0).digest())).isTrue();
        }
    }

    @Test
    void aMultiPlatformIndexPushedBySkopeoIsPulledForTwoPlatforms() throws IOException {
        Map<Platform, TestImages.Image> images = MultiPlatform.amd64AndArm64();
        Path source = layout(dir.resolve("layout"), destination -> {
            try {
                return TestImages.writeIndex(destination, images);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String reference = registry.host() + "/interop/multi:1";
        String list = registry.host() + "/interop/multi:list";
        skopeo("copy", "--all", "--dest-tls-verify=false", "oci:" + source + ":v1", "docker://" + reference);
        skopeo("copy", "--all", "--format", "v2s2", "--dest-tls-verify=false", "oci:" + source + ":v1", "docker://" + list);

        try (RegistryClient client = client()) {
            for (String ref : List.of(reference, list)) {
                for (Platform platform : List.of(AMD64, ARM64)) {
                    Store store = Store.open(dir.resolve("pulled-" + ref.hashCode() + "-" + platform.architecture()));
                    Descriptor pulled = Images.pull(client, ImageReference.parse(ref), store,
                            CopyOptions.defaults().withPlatform(Optional.of(platform))).topLevel();
                    Manifest manifest = Manifest.parse(store.readBlob(pulled.digest()), "pulled");
                    assertThat(manifest.config().digest()).isEqualTo(images.get(platform).config().digest());
                    assertThat(store.hasBlob(images.get(platform).layers().get(0).digest())).isTrue();
                    if (ref.equals(reference)) {
                        assertThat(pulled.digest()).isEqualTo(images.get(platform).manifest().digest());
                    }
                }
            }
        }
    }
}
