package dev.lamina.registry;

import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.registry.credentials.Credentials;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * lamina's way into registries: opens a repository as a copy source or destination, lists tags, checks a
 * login. One HTTP client (connection pool, timeouts, request log) is shared by everything; each registry
 * host gets its own variant of it (TLS, authentication, retries) on first use.
 *
 * <pre>{@code
 * try (RegistryClient registries = RegistryClient.create(RegistryOptions.defaults().withCredentials(creds))) {
 *     ImageSource source = registries.source(ImageReference.parse("localhost:5000/app:1"));
 *     ImageCopier.copy(source, Optional.empty(), new StoreDestination(store), options);
 * }
 * }</pre>
 */
public final class RegistryClient implements Closeable {
    private final RegistryOptions options;
    private final OkHttpClient shared;
    private final Clock clock;
    private final Map<String, Registry> registries = new ConcurrentHashMap<>();

    private RegistryClient(RegistryOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        String userAgent = options.userAgent();
        this.shared = new OkHttpClient.Builder()
                .connectTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(options.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(options.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // Enough idle connections for the copy engine's parallel transfers to reuse theirs.
                .connectionPool(new ConnectionPool(16, 1, TimeUnit.MINUTES))
                // Cleartext only until a registry needs TLS (see TlsSetup): building a client with TLS loads
                // the system trust store, a third of a second that a plain-HTTP local registry never needs.
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .dispatcher(dispatcher())
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .header("User-Agent", userAgent).build()))
                .addNetworkInterceptor(new HttpLog(options.log()))
                .proxySelector(options.proxies())
                // Only the proxy named with credentials gets them, and only when it asks (407).
                .proxyAuthenticator((route, response) -> route == null ? null : options.proxies()
                        .credentialsFor(route.address().url().scheme())
                        .filter(header -> !header.equals(response.request().header("Proxy-Authorization")))
                        .map(header -> response.request().newBuilder().header("Proxy-Authorization", header).build())
                        .orElse(null))
                .build();
    }

    public static RegistryClient create(RegistryOptions options) {
        return new RegistryClient(options, Clock.systemUTC());
    }

    static RegistryClient create(RegistryOptions options, Clock clock) {
        return new RegistryClient(options, clock);
    }

    public RegistryOptions options() {
        return options;
    }

    /** The image {@code reference} names, to copy from. Nothing is contacted until it is used. */
    public RegistrySource source(ImageReference reference) {
        return new RegistrySource(registry(reference.registry()), reference);
    }

    /** The repository (and tag, if any) {@code reference} names, to copy to, mounting from nowhere. */
    public RegistryDestination destination(ImageReference reference) {
        return destination(reference, MountSources.NONE);
    }

    /** As {@link #destination(ImageReference)}, mounting blobs that {@code mountSources} knows elsewhere. */
    public RegistryDestination destination(ImageReference reference, MountSources mountSources) {
        return new RegistryDestination(registry(reference.registry()), reference, mountSources);
    }

    /** Every tag of the repository {@code repository} names (its tag or digest is ignored). */
    public List<String> tags(ImageReference repository) throws IOException {
        return tags(repository, Optional.empty());
    }

    /** As {@link #tags(ImageReference)}, asking for pages of {@code pageSize} tags. */
    public List<String> tags(ImageReference repository, Optional<Integer> pageSize) throws IOException {
        return new ListTags(registry(repository.registry()), repository.repository(),
                AuthScope.pull(repository.repository())).list(pageSize, repository.name());
    }

    /**
     * Checks {@code credentials} against {@code registry} as {@code docker login} does, and returns what to
     * keep: the credentials, or an identity token in place of the password when the registry's token
     * server hands one out.
     */
    public Credentials login(String registry, Credentials credentials) throws IOException {
        return new Login(registry(normalise(registry))).check(credentials);
    }

    /** The registry name as references write it: {@code index.docker.io} and friends are {@code docker.io}. */
    public static String normalise(String registry) {
        String name = registry.trim().toLowerCase(Locale.ROOT);
        for (String prefix : List.of("https://", "http://")) {
            if (name.startsWith(prefix)) {
                name = name.substring(prefix.length());
            }
        }
        int slash = name.indexOf('/');
        if (slash >= 0) {
            name = name.substring(0, slash);
        }
        if (name.equals("index.docker.io") || name.equals("registry-1.docker.io")) {
            return ImageReference.DOCKER_HUB;
        }
        if (name.isEmpty()) {
            throw new LaminaException("invalid registry name \"" + registry + "\"");
        }
        return name;
    }

    Registry registry(String name) {
        return registries.computeIfAbsent(name, n -> new Registry(RegistryAddress.of(n), options, shared, clock));
    }

    @Override
    public void close() {
        shared.dispatcher().executorService().shutdown();
        shared.connectionPool().evictAll();
    }

    private static Dispatcher dispatcher() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(16);
        return dispatcher;
    }
}
