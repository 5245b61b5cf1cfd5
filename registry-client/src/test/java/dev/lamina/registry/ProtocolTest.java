package dev.lamina.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import dev.lamina.image.store.Store;
import dev.lamina.image.testing.TestImages;
import dev.lamina.registry.credentials.Credentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocol details checked against a scripted registry: chunking, resumption, redirects, refusals. */
class ProtocolTest {
    @TempDir
    Path dir;

    final FakeRegistry fake = new FakeRegistry();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() throws IOException {
        fake.close();
    }

    RegistryClient client(long chunkSize) {
        return RegistryClient.create(RegistryOptions.defaults().withLog(log::add).withChunkSize(chunkSize)
                .withRetry(new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20))));
    }

    static byte[] noise(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static Descriptor blob(byte[] content) {
        return new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(content), content.length);
    }

    @Test
    void chunksAreNeverSmallerThanTheRegistrysMinimum() throws IOException {
        fake.chunkMinLength = 200_000;
        byte[] content = noise(500_000);
        try (RegistryClient client = client(64 * 1024)) {
            client.destination(ImageReference.parse(fake.host() + "/app:1"))
                    .putBlob(blob(content), () -> new ByteArrayInputStream(content));
        }
        assertThat(fake.requests("PATCH")).extracting(r -> r.getHeader("Content-Range"))
                .containsExactly("0-199999", "200000-399999", "400000-499999");
        assertThat(fake.blobs.get(Digest.sha256(content).toString())).isEqualTo(content);
    }

    @Test
    void smallBlobsGoInOneRequest() throws IOException {
        byte[] content = noise(10_000);
        try (RegistryClient client = client(64 * 1024)) {
            client.destination(ImageReference.parse(fake.host() + "/app:1"))
                    .putBlob(blob(content), () -> new ByteArrayInputStream(content));
        }
        assertThat(fake.requests("PATCH")).isEmpty();
        assertThat(fake.requests("PUT")).singleElement().satisfies(put ->
                assertThat(put.getBodySize()).isEqualTo(10_000));
    }

    @Test
    void aChunkCutHalfWayResumesFromWhereTheRegistrySaysItStopped() throws IOException {
        fake.truncatePatch = 2;
        byte[] content = noise(300_000);
        try (RegistryClient client = client(100_000)) {
            client.destination(ImageReference.parse(fake.host() + "/app:1"))
                    .putBlob(blob(content), () -> new ByteArrayInputStream(content));
        }
        assertThat(fake.requests("PATCH")).extracting(r -> r.getHeader("Content-Range"))
                .containsExactly("0-99999", "100000-199999", "150000-249999", "250000-299999");
        assertThat(fake.requests("GET")).extracting(RecordedRequest::getPath).anyMatch(p -> p.startsWith("/upload/"));
        assertThat(fake.requests("POST")).hasSize(1);
        assertThat(fake.blobs.get(Digest.sha256(content).toString())).isEqualTo(content);
    }

    @Test
    void aBlobKnownElsewhereInTheRegistryIsMountedNotUploaded() throws IOException {
        byte[] content = noise(1000);
        fake.blobs.put(Digest.sha256(content).toString(), content);
        try (RegistryClient client = client(64 * 1024)) {
            client.destination(ImageReference.parse(fake.host() + "/app:1"),
                    MountSources.repository(fake.host() + "/base"))
                    .putBlob(blob(content), () -> {
                        throw new AssertionError("a mounted blob is not read");
                    });
        }
        assertThat(fake.requests("POST")).singleElement().satisfies(post ->
                assertThat(post.getPath()).isEqualTo("/v2/app/blobs/uploads/?mount="
                        + Digest.sha256(content).toString().replace(":", "%3A") + "&from=base"));
        assertThat(fake.requests("PUT")).isEmpty();
    }

    @Test
    void aRefusedMountUploadsInTheSessionTheRegistryOpened() throws IOException {
        byte[] content = noise(1000);
        try (RegistryClient client = client(64 * 1024)) {
            client.destination(ImageReference.parse(fake.host() + "/app:1"),
                    MountSources.repository(fake.host() + "/base"))
                    .putBlob(blob(content), () -> new ByteArrayInputStream(content));
        }
        assertThat(fake.requests("POST")).hasSize(1);
        assertThat(fake.blobs).containsKey(Digest.sha256(content).toString());
    }

    @Test
    void aRedirectToAnotherHostCarriesNoCredentials() throws IOException {
        MockWebServer storage = new MockWebServer();
        byte[] content = noise(5000);
        storage.enqueue(new MockResponse().setBody(new okio.Buffer().write(content)));
        storage.start(InetAddress.getLoopbackAddress(), 0);
        try (storage) {
            fake.requireBasic("alice", "pa55");
            fake.blobs.put(Digest.sha256(content).toString(), content);
            // The same machine under another name: a different host to HTTP, as blob storage would be.
            fake.blobRedirect = "http://localhost:" + storage.getPort() + "/storage";
            ImageReference ref = ImageReference.parse(fake.host() + "/app:1");
            try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults()
                    .withCredentials(AuthTest.credentialsFor(fake.host(), Credentials.of("alice", "pa55"))))) {
                Store store = Store.open(dir);
                store.putBlob(client.source(ref).openBlob(blob(content), 0), Optional.of(Digest.sha256(content)),
                        content.length, "blob");
                assertThat(store.hasBlob(Digest.sha256(content))).isTrue();
            }
            RecordedRequest atStorage = storage.takeRequest();
            assertThat(atStorage.getPath()).startsWith("/storage/sha256:");
            assertThat(atStorage.getHeader("Authorization")).isNull();
            assertThat(fake.requests("GET")).filteredOn(r -> r.getPath().contains("/blobs/"))
                    .allSatisfy(r -> assertThat(r.getHeader("Authorization")).startsWith("Basic "));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSchema1ManifestIsRefusedByName() {
        fake.manifest("old:1", "application/vnd.docker.distribution.manifest.v1+prettyjws",
                "{\"schemaVersion\":1,\"name\":\"old\",\"tag\":\"1\",\"fsLayers\":[]}");
        try (RegistryClient client = client(64 * 1024)) {
            assertThatThrownBy(() -> client.source(ImageReference.parse(fake.host() + "/old:1")).resolve(Optional.empty()))
                    .isInstanceOf(LaminaException.class)
                    .hasMessage(fake.host() + "/old:1: Docker image manifest schema 1 is unsupported"
                            + " (deprecated by Docker; re-push the image with a current client)");
        }
    }

    @Test
    void manifestsAreAskedForInEveryTypeLaminaReads() throws IOException {
        TestImages.Image image = Images.small("accept");
        fake.manifest("app:1", image.manifest().mediaType().value(), new String(image.manifestBytes(),
                java.nio.charset.StandardCharsets.UTF_8));
        try (RegistryClient client = client(64 * 1024)) {
            Descriptor resolved = client.source(ImageReference.parse(fake.host() + "/app:1")).resolve(Optional.empty());
            assertThat(resolved).isEqualTo(image.manifest());
        }
        assertThat(fake.requests("GET").get(1).getHeader("Accept")).contains(
                "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
                "application/vnd.docker.distribution.manifest.list.v2+json",
                "application/vnd.docker.distribution.manifest.v2+json");
    }

    @Test
    void tagListsAreFollowedPageByPage() throws IOException {
        fake.tags.put("team/app", List.of("1", "1.0", "2", "2.0", "latest"));
        try (RegistryClient client = client(64 * 1024)) {
            assertThat(client.tags(ImageReference.parse(fake.host() + "/team/app"), Optional.of(2)))
                    .containsExactly("1", "1.0", "2", "2.0", "latest");
        }
        assertThat(fake.requests("GET")).extracting(RecordedRequest::getPath).filteredOn(p -> p.contains("/tags/"))
                .containsExactly("/v2/team/app/tags/list?n=2", "/v2/team/app/tags/list?n=2&last=1.0",
                        "/v2/team/app/tags/list?n=2&last=2.0");
    }
}
