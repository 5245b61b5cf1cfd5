package dev.lamina.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.ImageReference;
import dev.lamina.image.store.Store;
import dev.lamina.image.testing.TestImages;
import dev.lamina.registry.credentials.CredentialStore;
import dev.lamina.registry.credentials.Credentials;
import dev.lamina.registry.testing.RegistryServer;
import dev.lamina.registry.testing.TestPki;
import dev.lamina.registry.testing.TokenServer;
import dev.lamina.registry.testing.TokenServer.TokenRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic (htpasswd) and token authentication against the real registry. */
@Tag("peer")
class AuthTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    Path dir;

    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    static CredentialStore credentialsFor(String registry, Credentials credentials) {
        return name -> name.equals(registry) ? Optional.of(credentials) : Optional.empty();
    }

    RegistryOptions options(RegistryServer registry, Credentials credentials) {
        return RegistryOptions.defaults().withLog(log::add)
                .withCredentials(credentialsFor(registry.host(), credentials))
                .withRetry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)));
    }

    @Nested
    class Basic {
        @Test
        void pushesAndPullsWithTheUsersPassword() throws IOException {
            TestImages.Image image = Images.small("basic");
            Store source = Images.seed(dir.resolve("from"), image, "app:1");
            try (RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).htpasswd(USER, PASSWORD).start();
                 RegistryClient client = RegistryClient.create(options(registry, Credentials.of(USER, PASSWORD)))) {
                ImageReference ref = ImageReference.parse(registry.host() + "/private/app:1");
                Images.push(client, source, "app:1", ref, MountSources.NONE);
                assertThat(Images.pull(client, ref, Store.open(dir.resolve("to"))).topLevel().digest())
                        .isEqualTo(image.manifest().digest());
            }
            assertThat(String.join("\n", log)).doesNotContain(PASSWORD)
                    .doesNotContain(java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes()))
                    .contains("Authorization: Basic <redacted>");
        }

        @Test
        void aWrongPasswordIsRefusedInOneLineWithoutTheSecret() {
            try (RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).htpasswd(USER, PASSWORD).start();
                 RegistryClient client = RegistryClient.create(options(registry, Credentials.of(USER, "wrong-guess")))) {
                ImageReference ref = ImageReference.parse(registry.host() + "/private/app:1");
                assertThatThrownBy(() -> Images.pull(client, ref, Store.open(dir.resolve("to"))))
                        .isInstanceOf(RegistryException.class)
                        .hasMessage("UNAUTHORIZED: authentication required: " + ref)
                        .hasMessageNotContaining("wrong-guess");
            }
        }

        @Test
        void loginChecksThePasswordWithTheRegistry() throws IOException {
            try (RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).htpasswd(USER, PASSWORD).start();
                 RegistryClient client = RegistryClient.create(RegistryOptions.defaults())) {
                assertThat(client.login(registry.host(), Credentials.of(USER, PASSWORD)))
                        .isEqualTo(Credentials.of(USER, PASSWORD));
            }
            try (RegistryServer registry = RegistryServer.builder(dir.resolve("registry2")).htpasswd(USER, PASSWORD).start();
                 RegistryClient client = RegistryClient.create(RegistryOptions.defaults())) {
                assertThatThrownBy(() -> client.login(registry.host(), Credentials.of(USER, "nope")))
                        .isInstanceOf(RegistryException.class)
                        .hasMessageStartingWith("UNAUTHORIZED");
            }
        }
    }

    @Nested
    class Token {
        TestPki pki() {
            return TestPki.create(dir.resolve("pki"));
        }

        @Test
        void anonymousPullGetsAPullTokenAndCachesItPerScope() throws IOException {
            TestImages.Image image = Images.small("token-anon");
            Store source = Images.seed(dir.resolve("from"), image, "app:1");
            try (TokenServer tokens = TokenServer.start(pki()).user(USER, PASSWORD);
                 RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).tokenAuth(tokens).start()) {
                ImageReference ref = ImageReference.parse(registry.host() + "/library/app:1");
                try (RegistryClient pusher = RegistryClient.create(options(registry, Credentials.of(USER, PASSWORD)))) {
                    Images.push(pusher, source, "app:1", ref, MountSources.NONE);
                }
                tokens.clearRequests();
                try (RegistryClient anonymous = RegistryClient.create(options(registry, Credentials.of("", "")))) {
                    Images.pull(anonymous, ref, Store.open(dir.resolve("to")));
                }
                // One token for the whole pull (manifest and three blobs in parallel), asked without credentials.
                assertThat(tokens.requests()).containsExactly(new TokenRequest("GET", Optional.empty(),
                        List.of("repository:library/app:pull"), Optional.empty(), false));
            }
        }

        @Test
        void pushWithoutCredentialsIsDenied() throws IOException {
            Store source = Images.seed(dir.resolve("from"), Images.small("token-denied"), "app:1");
            try (TokenServer tokens = TokenServer.start(pki()).user(USER, PASSWORD);
                 RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).tokenAuth(tokens).start();
                 RegistryClient anonymous = RegistryClient.create(options(registry, Credentials.of("", "")))) {
                ImageReference ref = ImageReference.parse(registry.host() + "/library/app:1");
                assertThatThrownBy(() -> Images.push(anonymous, source, "app:1", ref, MountSources.NONE))
                        .isInstanceOf(RegistryException.class)
                        .hasMessageStartingWith("UNAUTHORIZED: authentication required");
            }
        }

        @Test
        void loginKeepsTheRefreshTokenAndLaterTokensComeFromTheOAuthForm() throws IOException {
            TestImages.Image image = Images.small("token-refresh");
            Store source = Images.seed(dir.resolve("from"), image, "app:1");
            try (TokenServer tokens = TokenServer.start(pki()).user(USER, PASSWORD);
                 RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).tokenAuth(tokens).start()) {
                Credentials kept;
                try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults())) {
                    kept = client.login(registry.host(), Credentials.of(USER, PASSWORD));
                }
                assertThat(kept.identityToken()).isPresent();
                assertThat(kept.password()).isEmpty();
                assertThat(tokens.requests()).singleElement().satisfies(r -> {
                    assertThat(r.method()).isEqualTo("GET");
                    assertThat(r.offline()).isTrue();
                    assertThat(r.user()).contains(USER);
                });

                tokens.clearRequests();
                ImageReference ref = ImageReference.parse(registry.host() + "/team/app:1");
                try (RegistryClient client = RegistryClient.create(options(registry, kept))) {
                    Images.push(client, source, "app:1", ref, MountSources.NONE);
                }
                assertThat(tokens.requests()).singleElement().satisfies(r -> {
                    assertThat(r.method()).isEqualTo("POST");
                    assertThat(r.grantType()).contains("refresh_token");
                    assertThat(r.scopes()).containsExactly("repository:team/app:pull,push");
                    assertThat(r.user()).contains(USER);
                });
                assertThat(String.join("\n", log)).doesNotContain(kept.identityToken().get())
                        .contains("Authorization: Bearer <redacted>");
            }
        }

        @Test
        void aTokenServerWithoutOAuthIsAskedWithGetInstead() throws IOException {
            Store source = Images.seed(dir.resolve("from"), Images.small("token-no-oauth"), "app:1");
            try (TokenServer tokens = TokenServer.start(pki()).user(USER, PASSWORD).oauth(false);
                 RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).tokenAuth(tokens).start();
                 RegistryClient client = RegistryClient.create(options(registry,
                         new Credentials(USER, PASSWORD, Optional.of("refresh-unknown"))))) {
                Images.push(client, source, "app:1", ImageReference.parse(registry.host() + "/team/app:1"),
                        MountSources.NONE);
                assertThat(tokens.requests()).extracting(TokenRequest::method).containsExactly("GET");
            }
        }

        @Test
        void tokensAreRenewedWhileALongUploadGoesOn() throws IOException {
            TestImages.Image image = Images.large("token-renew", 3 << 20);
            Store source = Images.seed(dir.resolve("from"), image, "app:1");
            // A clock that moves a minute on every look: each chunk finds the 5-minute token older.
            AtomicLong ticks = new AtomicLong();
            Clock clock = new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return Instant.now().plus(Duration.ofMinutes(ticks.incrementAndGet()));
                }
            };
            try (TokenServer tokens = TokenServer.start(pki()).user(USER, PASSWORD);
                 RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).tokenAuth(tokens).start();
                 RegistryClient client = RegistryClient.create(options(registry, Credentials.of(USER, PASSWORD))
                         .withChunkSize(512 * 1024), clock)) {
                ImageReference ref = ImageReference.parse(registry.host() + "/team/big:1");
                Images.push(client, source, "app:1", ref, MountSources.NONE);
                assertThat(tokens.requests().size()).isGreaterThan(2);
                assertThat(log).anyMatch(line -> line.startsWith("> PATCH"));
                assertThat(Images.pull(client, ref, Store.open(dir.resolve("to"))).topLevel().digest())
                        .isEqualTo(image.manifest().digest());
            }
        }
    }
}
