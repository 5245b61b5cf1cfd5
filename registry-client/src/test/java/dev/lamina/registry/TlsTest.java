package dev.lamina.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.store.Store;
import dev.lamina.image.testing.TestImages;
import dev.lamina.registry.testing.RegistryServer;
import dev.lamina.registry.testing.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS registries: per-registry CAs and client certificates from certs.d, and --tls-verify=false. */
@Tag("peer")
class TlsTest {
    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeAll
    static void createPki() {
        pki = TestPki.create(pkiDir);
    }

    @Test
    void trustsTheRegistryCaFromCertsD() throws IOException {
        TestImages.Image image = Images.small("tls");
        Store source = Images.seed(dir.resolve("from"), image, "app:1");
        try (RegistryServer registry = RegistryServer.builder(dir.resolve("registry"))
                .tls(pki).start();
             RegistryClient client = RegistryClient.create(RegistryOptions.defaults()
                     .withCertDirectories(List.of(registry.certsDirectory())))) {
            ImageReference ref = ImageReference.parse(registry.host() + "/secure/app:1");
            Images.push(client, source, "app:1", ref, MountSources.NONE);
            assertThat(Images.pull(client, ref, Store.open(dir.resolve("to"))).topLevel().digest())
                    .isEqualTo(image.manifest().digest());
        }
    }

    @Test
    void refusesAnUntrustedCertificateAndSaysHowToTrustIt() {
        try (RegistryServer registry = RegistryServer.builder(dir.resolve("registry"))
                .tls(pki).start();
             RegistryClient client = RegistryClient.create(RegistryOptions.defaults().withCertDirectories(List.of()))) {
            assertThatThrownBy(() -> client.tags(ImageReference.parse(registry.host() + "/secure/app")))
                    .isInstanceOf(LaminaException.class)
                    .hasMessageStartingWith("TLS verification failed for " + registry.host())
                    .hasMessageContaining("--tls-verify=false");
        }
    }

    @Test
    void tlsVerifyFalseAcceptsAnyCertificate() throws IOException {
        Store source = Images.seed(dir.resolve("from"), Images.small("tls-insecure"), "app:1");
        try (RegistryServer registry = RegistryServer.builder(dir.resolve("registry"))
                .tls(pki).start();
             RegistryClient client = RegistryClient.create(RegistryOptions.defaults().withCertDirectories(List.of())
                     .withTlsVerify(false))) {
            ImageReference ref = ImageReference.parse(registry.host() + "/secure/app:1");
            Images.push(client, source, "app:1", ref, MountSources.NONE);
            assertThat(client.tags(ref)).containsExactly("1");
        }
    }

    @Test
    void presentsTheClientCertificateFromCertsD() throws IOException {
        Store source = Images.seed(dir.resolve("from"), Images.small("tls-client"), "app:1");
        try (RegistryServer registry = RegistryServer.builder(dir.resolve("registry"))
                .tls(pki).requireClientCertificates().start()) {
            ImageReference ref = ImageReference.parse(registry.host() + "/mutual/app:1");
            try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults()
                    .withCertDirectories(List.of(registry.certsDirectory())))) {
                Images.push(client, source, "app:1", ref, MountSources.NONE);
                assertThat(client.tags(ref)).containsExactly("1");
            }
            try (RegistryClient withoutCertificate = RegistryClient.create(RegistryOptions.defaults()
                    .withTlsVerify(false).withRetry(RetryPolicy.none()).withCertDirectories(List.of()))) {
                assertThatThrownBy(() -> withoutCertificate.tags(ref)).isInstanceOf(LaminaException.class)
                        .hasMessageStartingWith("cannot reach registry " + registry.host() + ": TLS: ");
            }
        }
    }
}
