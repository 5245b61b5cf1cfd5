package dev.lamina.registry;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Proxies as Docker, skopeo and curl take them from the environment: {@code HTTPS_PROXY} for HTTPS,
 * {@code HTTP_PROXY} for HTTP (lower-case names too), except for hosts {@code NO_PROXY} lists (host names,
 * domain suffixes with or without a leading dot, {@code host:port}, or {@code *}) and, as in Go's net/http,
 * never for loopback hosts. A proxy URL may carry {@code user:password@}, sent as Basic
 * {@code Proxy-Authorization} (to the proxy only).
 */
public final class EnvironmentProxies extends ProxySelector {
    private final Optional<HttpUrl> httpsProxy;
    private final Optional<HttpUrl> httpProxy;
    private final List<String> noProxy;

    private EnvironmentProxies(Optional<HttpUrl> httpsProxy, Optional<HttpUrl> httpProxy, List<String> noProxy) {
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = noProxy;
    }

    public static EnvironmentProxies from(Map<String, String> env) {
        List<String> noProxy = new ArrayList<>();
        for (String entry : variable(env, "NO_PROXY").orElse("").split(",")) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (!e.isEmpty()) {
                noProxy.add(e);
            }
        }
        return new EnvironmentProxies(variable(env, "HTTPS_PROXY").map(EnvironmentProxies::parse),
                variable(env, "HTTP_PROXY").map(EnvironmentProxies::parse), List.copyOf(noProxy));
    }

    /** True when no proxy is configured at all. */
    public boolean isEmpty() {
        return httpsProxy.isEmpty() && httpProxy.isEmpty();
    }

    @Override
    public List<Proxy> select(URI uri) {
        return proxyFor(uri.getScheme(), uri.getHost(), uri.getPort())
                .map(proxy -> List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(),
                        proxy.port()))))
                .orElse(List.of(Proxy.NO_PROXY));
    }

    /** The proxy for a request to {@code scheme://host:port}, if one applies. */
    Optional<HttpUrl> proxyFor(String scheme, String host, int port) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.isEmpty() || isLoopback(h) || excluded(h, port)) {
            return Optional.empty();
        }
        return "https".equalsIgnoreCase(scheme) ? httpsProxy : httpProxy;
    }

    /** Basic credentials for the proxy of {@code scheme}, when its URL carries them. */
    Optional<String> credentialsFor(String scheme) {
        return ("https".equalsIgnoreCase(scheme) ? httpsProxy : httpProxy)
                .filter(proxy -> !proxy.username().isEmpty())
                .map(proxy -> okhttp3.Credentials.basic(proxy.username(), proxy.password()));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // OkHttp reports the failure itself; there is no other proxy to fall back to.
    }

    private boolean excluded(String host, int port) {
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String entryHost = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon) { // host:port (not an IPv6 address)
                if (!entry.substring(colon + 1).equals(String.valueOf(port))) {
                    continue;
                }
                entryHost = entry.substring(0, colon);
            }
            String suffix = entryHost.startsWith(".") ? entryHost.substring(1) : entryHost;
            if (host.equals(suffix) || host.endsWith("." + suffix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private static Optional<String> variable(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            value = env.get(name.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static HttpUrl parse(String value) {
        HttpUrl url = HttpUrl.parse(value.contains("://") ? value : "http://" + value);
        if (url == null) {
            // The value may hold a password: the message does not repeat it.
            throw new LaminaException("invalid proxy URL in the environment (HTTP_PROXY/HTTPS_PROXY)");
        }
        return url;
    }
}
