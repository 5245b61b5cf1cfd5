package dev.lamina.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.ImageReference;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** HTTPS_PROXY, HTTP_PROXY and NO_PROXY as Docker and curl read them. */
class ProxyTest {

    @Test
    void eachSchemeTakesItsProxyUnlessExcluded() {
        EnvironmentProxies proxies = EnvironmentProxies.from(Map.of(
                "HTTPS_PROXY", "http://secure-proxy:3128",
                "http_proxy", "plain-proxy:8080",
                "NO_PROXY", "internal.example, .corp.example,registry.example:5000"));
        assertThat(proxies.proxyFor("https", "r.example", 443)).map(HttpUrl::host).contains("secure-proxy");
        assertThat(proxies.proxyFor("http", "r.example", 80)).map(HttpUrl::port).contains(8080);
        assertThat(proxies.proxyFor("https", "internal.example", 443)).isEmpty();
        assertThat(proxies.proxyFor("https", "a.internal.example", 443)).isEmpty();
        assertThat(proxies.proxyFor("https", "corp.example", 443)).isEmpty();
        assertThat(proxies.proxyFor("https", "x.corp.example", 443)).isEmpty();
        assertThat(proxies.proxyFor("https", "registry.example", 5000)).isEmpty();
        assertThat(proxies.proxyFor("https", "registry.example", 443)).isPresent();
        assertThat(proxies.proxyFor("https", "notinternal.example", 443)).isPresent();
    }

    @Test
    void loopbackIsNeverProxiedAndAStarExcludesEverything() {
        EnvironmentProxies proxies = EnvironmentProxies.from(Map.of("HTTPS_PROXY", "proxy:3128", "HTTP_PROXY", "proxy:3128"));
        assertThat(proxies.proxyFor("http", "127.0.0.1", 5000)).isEmpty();
        assertThat(proxies.proxyFor("http", "localhost", 5000)).isEmpty();
        assertThat(proxies.proxyFor("http", "[::1]", 5000)).isEmpty();
        assertThat(EnvironmentProxies.from(Map.of("HTTPS_PROXY", "proxy:3128", "NO_PROXY", "*"))
                .proxyFor("https", "r.example", 443)).isEmpty();
        assertThat(EnvironmentProxies.from(Map.of()).isEmpty()).isTrue();
    }

    @Test
    void requestsGoThroughTheProxyWhichAloneGetsItsCredentials() throws IOException, InterruptedException {
        MockWebServer proxy = new MockWebServer();
        proxy.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getHeader("Proxy-Authorization") == null) {
                    return new MockResponse().setResponseCode(407).setHeader("Proxy-Authenticate", "Basic realm=\"proxy\"");
                }
                if (request.getMethod().equals("CONNECT")) {
                    return new MockResponse().setResponseCode(403); // no tunnels here: the client falls back to HTTP
                }
                String path = request.getRequestUrl().encodedPath();
                return new MockResponse().setHeader("Content-Type", "application/json")
                        .setBody(path.equals("/v2/") ? "{}" : "{\"name\":\"team/app\",\"tags\":[\"1\"]}");
            }
        });
        proxy.start(InetAddress.getLoopbackAddress(), 0);
        try (proxy) {
            String url = "http://pxuser:pxpass@127.0.0.1:" + proxy.getPort();
            RegistryOptions options = RegistryOptions.defaults().withTlsVerify(false)
                    .withRetry(RetryPolicy.none())
                    .withProxies(EnvironmentProxies.from(Map.of("HTTPS_PROXY", url, "HTTP_PROXY", url)));
            try (RegistryClient client = RegistryClient.create(options)) {
                assertThat(client.tags(ImageReference.parse("registry.example:5000/team/app"), Optional.empty()))
                        .containsExactly("1");
            }
            RecordedRequest first = proxy.takeRequest();
            assertThat(first.getRequestLine()).startsWith("CONNECT registry.example:5000");
            // OkHttp offers a tunnel's credentials up front; they go to the proxy, as they should.
            assertThat(first.getHeader("Proxy-Authorization")).isEqualTo(okhttp3.Credentials.basic("pxuser", "pxpass"));
            RecordedRequest tagList = null;
            for (int i = 1; i < proxy.getRequestCount(); i++) {
                RecordedRequest r = proxy.takeRequest();
                if (r.getRequestLine().contains("/tags/list")) {
                    tagList = r;
                }
            }
            assertThat(tagList).isNotNull();
            assertThat(tagList.getRequestLine()).startsWith("GET http://registry.example:5000/v2/team/app/tags/list");
            assertThat(tagList.getHeader("Proxy-Authorization")).isEqualTo(okhttp3.Credentials.basic("pxuser", "pxpass"));
            assertThat(tagList.getHeader("Authorization")).isNull();
        }
    }
}
