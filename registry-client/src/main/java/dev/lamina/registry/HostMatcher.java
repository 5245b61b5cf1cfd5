package dev.lamina.registry;

import okhttp3.HttpUrl;

/** Whether a URL is on the registry's own origin: the only place its credentials may go. */
record HostMatcher(String scheme, String host, int port) {
    static HostMatcher of(HttpUrl base) {
        return new HostMatcher(base.scheme(), base.host(), base.port());
    }

    boolean owns(HttpUrl url) {
        return url.host().equals(host) && url.port() == port && url.scheme().equals(scheme);
    }
}
