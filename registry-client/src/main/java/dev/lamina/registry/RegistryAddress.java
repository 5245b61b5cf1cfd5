package dev.lamina.registry;

import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Where a registry named in a reference is reached. {@code docker.io} is served at
 * {@code registry-1.docker.io}; every other name is its own host and port.
 */
record RegistryAddress(String name, String host, int explicitPort) {
    private static final String DOCKER_HUB_HOST = "registry-1.docker.io";

    static RegistryAddress of(String registry) {
        String name = registry.toLowerCase(Locale.ROOT);
        String authority = name.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_HOST : name;
        HttpUrl parsed = HttpUrl.parse("https://" + authority + "/");
        if (parsed == null) {
            throw new LaminaException("invalid registry name \"" + registry + "\"");
        }
        boolean portGiven = authority.matches(".*:[0-9]+$") && !authority.endsWith("]");
        return new RegistryAddress(name, parsed.host(), portGiven ? parsed.port() : -1);
    }

    /** The base URL ({@code scheme://host[:port]/}) for {@code scheme}. */
    HttpUrl base(String scheme) {
        HttpUrl.Builder url = new HttpUrl.Builder().scheme(scheme).host(host);
        if (explicitPort > 0) {
            url.port(explicitPort);
        }
        return url.build();
    }

    /** Docker treats loopback registries as insecure without being told; lamina does the same. */
    boolean isLoopback() {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
                || host.endsWith(".localhost");
    }

    /** How the registry is named in Docker's certs.d and insecure-registries lists: {@code host[:port]}. */
    String hostPort() {
        return name;
    }
}
