package dev.lamina.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The small parts: addresses, challenges, error lines, retry delays, log redaction. */
class PiecesTest {

    static Response unauthorized(String challenge) {
        return new Response.Builder().request(new Request.Builder().url("https://r.example/v2/").build())
                .protocol(Protocol.HTTP_1_1).code(401).message("Unauthorized")
                .header("WWW-Authenticate", challenge).build();
    }

    @Test
    void dockerHubIsReachedAtItsRegistryHost() {
        RegistryAddress hub = RegistryAddress.of("docker.io");
        assertThat(hub.base("https").toString()).isEqualTo("https://registry-1.docker.io/");
        assertThat(RegistryAddress.of("localhost:5000").base("http").toString()).isEqualTo("http://localhost:5000/");
        assertThat(RegistryAddress.of("[::1]:5000").isLoopback()).isTrue();
        assertThat(RegistryAddress.of("127.0.0.1:5000").isLoopback()).isTrue();
        assertThat(RegistryAddress.of("registry.example").isLoopback()).isFalse();
    }

    @Test
    void registryNamesAreNormalisedAsDockerLoginTakesThem() {
        assertThat(RegistryClient.normalise("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(RegistryClient.normalise("LOCALHOST:5000")).isEqualTo("localhost:5000");
        assertThat(RegistryClient.normalise("http://r.example:5000/v2/")).isEqualTo("r.example:5000");
    }

    @Test
    void readsBearerChallengesWithQuotedCommasInTheScope() {
        AuthChallenge challenge = AuthChallenge.of(unauthorized("Bearer realm=\"https://auth.example/token\","
                + "service=\"registry.example\",scope=\"repository:a/b:pull,push repository:c:pull\","
                + "error=\"insufficient_scope\"")).orElseThrow();
        assertThat(challenge).isEqualTo(new AuthChallenge.Bearer("https://auth.example/token",
                Optional.of("registry.example"), new AuthScope(java.util.List.of("repository:a/b:pull,push",
                        "repository:c:pull")), Optional.of("insufficient_scope")));
        assertThat(AuthChallenge.of(unauthorized("Basic realm=\"Registry\""))).contains(new AuthChallenge.Basic("Registry"));
    }

    @Test
    void errorDocumentsBecomeOneLineWithCodeMessageAndReference() {
        byte[] body = ("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\","
                + "\"detail\":{\"Tag\":\"2\"}}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(RegistryErrors.of(404, "Not Found", body, "localhost:5000/app:2"))
                .hasMessage("MANIFEST_UNKNOWN: manifest unknown: localhost:5000/app:2")
                .satisfies(e -> assertThat(e.code()).contains("MANIFEST_UNKNOWN"));
        assertThat(RegistryErrors.of(401, "Unauthorized", new byte[0], "r.example/x:1"))
                .hasMessage("UNAUTHORIZED: authentication required: r.example/x:1");
        assertThat(RegistryErrors.of(502, "Bad Gateway", "<html>proxy error</html>".getBytes(StandardCharsets.UTF_8),
                "r.example/x:1")).hasMessage("HTTP 502 Bad Gateway: r.example/x:1");
        assertThat(RegistryErrors.of(400, "", ("{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest "
                + "did not match uploaded content\"},{\"code\":\"SIZE_INVALID\",\"message\":\"wrong\\nsize\"}]}")
                .getBytes(StandardCharsets.UTF_8), "blob sha256:1 to r.example/x"))
                .hasMessage("DIGEST_INVALID: provided digest did not match uploaded content; SIZE_INVALID: wrong size:"
                        + " blob sha256:1 to r.example/x");
        assertThat(RegistryErrors.of(401, "", "{\"error\":\"invalid_grant\",\"error_description\":\"wrong password\"}"
                .getBytes(StandardCharsets.UTF_8), "token for r.example"))
                .hasMessage("INVALID_GRANT: wrong password: token for r.example");
    }

    @Test
    void backoffGrowsWithJitterAndRetryAfterIsHonouredWithinReason() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 50; i++) {
            assertThat(policy.delay(1, Optional.empty())).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(policy.delay(3, Optional.empty())).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(policy.delay(9, Optional.empty())).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        }
        assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.delay(1, Optional.of(Duration.ofHours(1)))).isEqualTo(RetryPolicy.MAX_RETRY_AFTER);
        assertThat(RetryInterceptor.retryAfter("3")).contains(Duration.ofSeconds(3));
        assertThat(RetryInterceptor.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(RetryInterceptor.retryAfter("soon")).isEmpty();
    }

    @Test
    void onlyRepeatableRequestsAreRetried() {
        assertThat(RetryInterceptor.isRepeatable(new Request.Builder().url("http://r/").get().build())).isTrue();
        assertThat(RetryInterceptor.isRepeatable(new Request.Builder().url("http://r/")
                .post(okhttp3.RequestBody.create(new byte[0], null)).build())).isFalse();
        assertThat(RetryInterceptor.isRepeatable(new Request.Builder().url("http://r/")
                .tag(RetryInterceptor.Repeatable.class, RetryInterceptor.Repeatable.YES)
                .put(okhttp3.RequestBody.create(new byte[0], null)).build())).isTrue();
    }

    @Test
    void theDebugLogHidesCredentialsAndSignedUrlParameters() {
        assertThat(HttpLog.redactHeader("Authorization", "Bearer eyJhbGciOi.secret")).isEqualTo("Bearer <redacted>");
        assertThat(HttpLog.redactHeader("Authorization", "Basic YWxpY2U6cHc=")).isEqualTo("Basic <redacted>");
        assertThat(HttpLog.redactHeader("Cookie", "session=abc")).isEqualTo("<redacted>");
        assertThat(HttpLog.redactHeader("Docker-Content-Digest", "sha256:1")).isEqualTo("sha256:1");
        assertThat(HttpLog.redact(HttpUrl.get("https://blobs.example/x?X-Amz-Signature=abc&X-Amz-Credential=def"
                + "&partNumber=1&access_token=ghi")))
                .isEqualTo("https://blobs.example/x?X-Amz-Signature=<redacted>&X-Amz-Credential=<redacted>"
                        + "&partNumber=1&access_token=<redacted>");
    }

    @Test
    void namesInARepositoryMayBeTagsDigestsOrFullReferences() {
        dev.lamina.image.ImageReference repo = dev.lamina.image.ImageReference.parse("r.example/team/app:1");
        String digest = "sha256:" + "a".repeat(64);
        assertThat(RepositoryNames.resolve(repo, "2.0").toString()).isEqualTo("r.example/team/app:2.0");
        assertThat(RepositoryNames.resolve(repo, digest).toString()).isEqualTo("r.example/team/app@" + digest);
        assertThat(RepositoryNames.resolve(repo, "@" + digest).toString()).isEqualTo("r.example/team/app@" + digest);
        assertThat(RepositoryNames.resolve(repo, "r.example/team/app:3").toString()).isEqualTo("r.example/team/app:3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RepositoryNames.resolve(repo, "r.example/other:1"))
                .hasMessage("r.example/other:1 is not in docker://r.example/team/app");
    }
}
