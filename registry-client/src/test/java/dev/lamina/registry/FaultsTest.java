package dev.lamina.registry;

import static dev.lamina.registry.testing.FaultProxy.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.io.DigestMismatchException;
import dev.lamina.image.store.Store;
import dev.lamina.image.testing.TestImages;
import dev.lamina.registry.testing.FaultProxy;
import dev.lamina.registry.testing.FaultProxy.Exchange;
import dev.lamina.registry.testing.SharedRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull and push through a proxy that injects faults in front of the real registry: every transfer must end
 * with the same digests, within the retry budget, and bad content must never be stored.
 */
@Tag("peer")
class FaultsTest {
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry();

    @TempDir
    Path from;
    @TempDir
    Path to;

    FaultProxy proxy;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.start(registry.url());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    RegistryClient client() {
        return RegistryClient.create(RegistryOptions.defaults().withLog(log::add)
                .withRetry(new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(100)))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(700))
                .withChunkSize(256 * 1024));
    }

    ImageReference viaProxy(String repository) {
        return ImageReference.parse(proxy.host() + "/" + repository);
    }

    /** Pushes {@code image} straight to the registry (no faults), as {@code repository}. */
    void pushDirectly(TestImages.Image image, String repository) throws IOException {
        Store store = Images.seed(from, image, "seed:1");
        try (RegistryClient direct = RegistryClient.create(RegistryOptions.defaults())) {
            Images.push(direct, store, "seed:1", ImageReference.parse(registry.host() + "/" + repository),
                    MountSources.NONE);
        }
    }

    /** Pushes through the proxy, then pulls straight from the registry: the same image must come back. */
    void pushThroughProxyAndPullBack(TestImages.Image image, Store store, String repository) throws IOException {
        try (RegistryClient client = client()) {
            Images.push(client, store, "app:1", viaProxy(repository), MountSources.NONE);
            assertThat(Images.pull(client, ImageReference.parse(registry.host() + "/" + repository), Store.open(to))
                    .topLevel().digest()).isEqualTo(image.manifest().digest());
        }
    }

    List<Exchange> exchanges(String method, String pathContains) {
        return proxy.exchanges().stream()
                .filter(e -> e.method().equals(method) && e.path().contains(pathContains)).toList();
    }

    @Test
    void pullRidesOutServerErrorsAndHonoursRetryAfter() throws IOException {
        TestImages.Image image = Images.small("pull-5xx");
        pushDirectly(image, "faults/pull5xx:1");
        Descriptor layer = image.layers().get(0);
        proxy.inject(request("GET", "/manifests/1"), 2, new FaultProxy.Status(503, null))
                .inject(request("GET", "/blobs/" + layer.digest()), 1, new FaultProxy.Status(500, null))
                .inject(request("GET", "/blobs/" + layer.digest()), 1, new FaultProxy.Status(429, "1"));

        long start = System.nanoTime();
        try (RegistryClient client = client()) {
            assertThat(Images.pull(client, viaProxy("faults/pull5xx:1"), Store.open(to)).topLevel().digest())
                    .isEqualTo(image.manifest().digest());
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(exchanges("GET", "/manifests/1")).extracting(Exchange::status).containsExactly(503, 503, 200);
        assertThat(exchanges("GET", "/blobs/" + layer.digest())).extracting(Exchange::status)
                .containsExactly(500, 429, 200);
        assertThat(Store.open(to).hasBlob(layer.digest())).isTrue();
    }

    @Test
    void aBlobCutMidwayResumesWithARangeRequest() throws IOException {
        TestImages.Image image = Images.large("pull-reset", 1 << 20);
        pushDirectly(image, "faults/reset:1");
        Descriptor layer = image.layers().get(0);
        proxy.inject(request("GET", "/blobs/" + layer.digest()), 2, new FaultProxy.ResetMidBody());

        try (RegistryClient client = client()) {
            assertThat(Images.pull(client, viaProxy("faults/reset:1"), Store.open(to)).topLevel().digest())
                    .isEqualTo(image.manifest().digest());
        }
        List<Exchange> gets = exchanges("GET", "/blobs/" + layer.digest());
        assertThat(gets).hasSize(3);
        assertThat(gets.get(0).header("Range")).isNull();
        assertThat(gets.get(1).header("Range")).matches("bytes=[1-9][0-9]*-");
        assertThat(gets.get(2).header("Range")).matches("bytes=[1-9][0-9]*-");
        assertThat(Store.open(to).hasBlob(layer.digest())).isTrue();
    }

    @Test
    void aStalledBodyTimesOutAndResumes() throws IOException {
        TestImages.Image image = Images.large("pull-slow", 256 * 1024);
        pushDirectly(image, "faults/slow:1");
        Descriptor layer = image.layers().get(0);
        proxy.inject(request("GET", "/blobs/" + layer.digest()), 1, new FaultProxy.SlowBody(16 * 1024,
                Duration.ofSeconds(3)));

        try (RegistryClient client = client()) {
            assertThat(Images.pull(client, viaProxy("faults/slow:1"), Store.open(to)).topLevel().digest())
                    .isEqualTo(image.manifest().digest());
        }
        List<Exchange> gets = exchanges("GET", "/blobs/" + layer.digest());
        assertThat(gets).hasSize(2);
        assertThat(gets.get(1).header("Range")).startsWith("bytes=");
        assertThat(log).anyMatch(line -> line.contains("SocketTimeoutException") && line.contains("resuming at byte"));
    }

    @Test
    void aBlobWhoseContentDoesNotMatchItsDigestIsRefusedAndNotStored() throws IOException {
        TestImages.Image image = Images.small("pull-corrupt");
        pushDirectly(image, "faults/corrupt:1");
        Descriptor layer = image.layers().get(1);
        proxy.inject(request("GET", "/blobs/" + layer.digest()), 100, new FaultProxy.Corrupt());

        Store target = Store.open(to);
        try (RegistryClient client = client()) {
            assertThatThrownBy(() -> Images.pull(client, viaProxy("faults/corrupt:1"), target))
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining(layer.digest().toString())
                    .hasMessageContaining("digest mismatch");
        }
        assertThat(target.hasBlob(layer.digest())).isFalse();
        assertThat(exchanges("GET", "/blobs/" + layer.digest())).hasSize(1); // bad content is not retried
    }

    @Test
    void pushRidesOutServerErrorsOnEveryKindOfRequest() throws IOException {
        TestImages.Image image = Images.small("push-5xx");
        Store store = Images.seed(from, image, "app:1");
        proxy.inject(request("HEAD", "/blobs/"), 1, new FaultProxy.Status(500, null))
                .inject(request("POST", "/blobs/uploads/"), 2, new FaultProxy.Status(503, null))
                .inject(request("PUT", "/manifests/1"), 1, new FaultProxy.Status(502, null));

        pushThroughProxyAndPullBack(image, store, "faults/push5xx:1");
        assertThat(exchanges("PUT", "/manifests/1")).extracting(Exchange::status).containsExactly(502, 201);
    }

    /** The n-th request with this method, counted per proxy. */
    static java.util.function.Predicate<okhttp3.mockwebserver.RecordedRequest> nth(String method, int n) {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        return r -> r.getMethod().equals(method) && seen.incrementAndGet() == n;
    }

    @Test
    void aChunkThatNeverArrivedResumesFromTheUploadStatus() throws IOException {
        TestImages.Image image = Images.large("push-chunk", 1 << 20);
        Store store = Images.seed(from, image, "app:1");
        proxy.inject(nth("PATCH", 2), 1, new FaultProxy.DropRequest());

        pushThroughProxyAndPullBack(image, store, "faults/chunk:1");
        long chunk = 256 * 1024;
        List<Exchange> patches = exchanges("PATCH", "/blobs/uploads/");
        assertThat(patches).extracting(e -> e.header("Content-Range")).startsWith("0-" + (chunk - 1),
                chunk + "-" + (2 * chunk - 1), chunk + "-" + (2 * chunk - 1), 2 * chunk + "-" + (3 * chunk - 1));
        assertThat(exchanges("GET", "/blobs/uploads/")).extracting(Exchange::status).containsExactly(204);
        assertThat(exchanges("POST", "/blobs/uploads/")).hasSize(3); // config, two layers: no second session
    }

    @Test
    void aChunkCutHalfWayStartsANewSessionWhenTheRegistryCannotResumeIt() throws IOException {
        // Distribution ignores Content-Range and refuses a session whose size disagrees with its state token,
        // so the status request fails and the upload starts over.
        TestImages.Image image = Images.large("push-half", 1 << 20);
        Store store = Images.seed(from, image, "app:1");
        proxy.inject(nth("PATCH", 2), 1, new FaultProxy.HalfUploadThenDrop());

        pushThroughProxyAndPullBack(image, store, "faults/half:1");
        assertThat(exchanges("GET", "/blobs/uploads/")).singleElement()
                .satisfies(status -> assertThat(status.status()).isIn(400, 404));
        assertThat(exchanges("POST", "/blobs/uploads/")).hasSize(4);
    }

    @Test
    void aCommitWhoseAnswerIsLostIsCheckedWithHeadInsteadOfResent() throws IOException {
        TestImages.Image image = Images.large("push-commit", 128 * 1024);
        Store store = Images.seed(from, image, "app:1");
        Descriptor layer = image.layers().get(0);
        proxy.inject(request("PUT", "digest=" + layer.digest().toString().replace(":", "%3A")), 1,
                new FaultProxy.ForwardThenStatus(500));

        try (RegistryClient client = client()) {
            Images.push(client, store, "app:1", viaProxy("faults/commit:1"), MountSources.NONE);
        }
        List<Exchange> heads = exchanges("HEAD", "/blobs/" + layer.digest());
        assertThat(heads).extracting(Exchange::status).containsExactly(404, 200);
        assertThat(exchanges("PUT", "digest=" + layer.digest().toString().replace(":", "%3A"))).hasSize(1);
    }

    @Test
    void aCommitThatNeverArrivedIsSentAgainInANewSession() throws IOException {
        TestImages.Image image = Images.large("push-dropped", 128 * 1024);
        Store store = Images.seed(from, image, "app:1");
        Descriptor layer = image.layers().get(0);
        String commit = "digest=" + layer.digest().toString().replace(":", "%3A");
        proxy.inject(request("PUT", commit), 1, new FaultProxy.DropRequest());

        pushThroughProxyAndPullBack(image, store, "faults/dropped:1");
        assertThat(exchanges("PUT", commit)).extracting(Exchange::status).containsExactly(0, 201);
        assertThat(exchanges("HEAD", "/blobs/" + layer.digest())).extracting(Exchange::status)
                .containsExactly(404, 404);
    }
}
