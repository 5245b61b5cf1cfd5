package dev.lamina.registry;

import dev.lamina.registry.credentials.CredentialStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How lamina talks to registries.
 *
 * @param tlsVerify false to accept any certificate and fall back to plain HTTP for every registry
 *     ({@code --tls-verify=false})
 * @param insecureRegistries registries ({@code host[:port]}) treated as with {@code tlsVerify} false, as
 *     Docker's {@code insecure-registries}; loopback registries always are, as Docker treats them
 * @param certDirectories where per-registry CAs and client certificates live, {@code DIR/HOST[:PORT]/}
 * @param credentials where credentials come from
 * @param retry retries of repeatable requests and resumption of interrupted transfers
 * @param connectTimeout for each connection
 * @param readTimeout the longest silence tolerated while waiting for bytes (a stalled transfer is resumed)
 * @param chunkSize blobs up to this size are uploaded in one request; larger ones in chunks of this size
 * @param log receives one line per request and response for {@code --debug}, secrets redacted
 * @param userAgent sent with every request
 * @param proxies which proxy, if any, each request goes through (see {@link EnvironmentProxies})
 */
public record RegistryOptions(boolean tlsVerify, Set<String> insecureRegistries, List<Path> certDirectories,
        CredentialStore credentials, RetryPolicy retry, Duration connectTimeout, Duration readTimeout,
        long chunkSize, HttpLogger log, String userAgent, EnvironmentProxies proxies) {

    public static final List<Path> DEFAULT_CERT_DIRECTORIES =
            List.of(Path.of("/etc/docker/certs.d"), Path.of("/etc/containers/certs.d"));
    /**
     * Blobs up to this size go in one request, larger ones in chunks of it. Each chunk costs a registry a
     * little (Distribution reopens the upload and saves its hash state per request: measured 5-15% slower
     * at 32 MiB than whole), and a broken chunk can at best be resumed at its start (Distribution cannot
     * resume inside one at all), so chunks bound what a failure costs without slowing typical layers.
     */
    public static final long DEFAULT_CHUNK_SIZE = 128L * 1024 * 1024;

    /** Where {@code --debug} request logs go. */
    @FunctionalInterface
    public interface HttpLogger {
        HttpLogger NONE = line -> { };

        void log(String line);
    }

    public RegistryOptions {
        insecureRegistries = insecureRegistries.stream().map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        certDirectories = List.copyOf(certDirectories);
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive");
        }
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(true, Set.of(), DEFAULT_CERT_DIRECTORIES, CredentialStore.NONE,
                RetryPolicy.defaults(), Duration.ofSeconds(30), Duration.ofSeconds(60), DEFAULT_CHUNK_SIZE,
                HttpLogger.NONE, "lamina", EnvironmentProxies.from(Map.of()));
    }

    public RegistryOptions withTlsVerify(boolean verify) {
        return new RegistryOptions(verify, insecureRegistries, certDirectories, credentials, retry, connectTimeout,
                readTimeout, chunkSize, log, userAgent, proxies);
    }

    public RegistryOptions withInsecureRegistries(Set<String> registries) {
        return new RegistryOptions(tlsVerify, registries, certDirectories, credentials, retry, connectTimeout,
                readTimeout, chunkSize, log, userAgent, proxies);
    }

    public RegistryOptions withCertDirectories(List<Path> directories) {
        return new RegistryOptions(tlsVerify, insecureRegistries, directories, credentials, retry, connectTimeout,
                readTimeout, chunkSize, log, userAgent, proxies);
    }

    public RegistryOptions withCredentials(CredentialStore store) {
        return new RegistryOptions(tlsVerify, insecureRegistries, certDirectories, store, retry, connectTimeout,
                readTimeout, chunkSize, log, userAgent, proxies);
    }

    public RegistryOptions withRetry(RetryPolicy policy) {
        return new RegistryOptions(tlsVerify, insecureRegistries, certDirectories, credentials, policy,
                connectTimeout, readTimeout, chunkSize, log, userAgent, proxies);
    }

    public RegistryOptions withTimeouts(Duration connect, Duration read) {
        return new RegistryOptions(tlsVerify, insecureRegistries, certDirectories, credentials, retry, connect, read,
                chunkSize, log, userAgent, proxies);
    }

    public RegistryOptions withChunkSize(long size) {
        return new RegistryOptions(tlsVerify, insecureRegistries, certDirectories, credentials, retry, connectTimeout,
                readTimeout, size, log, userAgent, proxies);
    }

    public RegistryOptions withLog(HttpLogger logger) {
        return new RegistryOptions(tlsVerify, insecureRegistries, certDirectories, credentials, retry, connectTimeout,
                readTimeout, chunkSize, logger, userAgent, proxies);
    }

    public RegistryOptions withProxies(EnvironmentProxies selector) {
        return new RegistryOptions(tlsVerify, insecureRegistries, certDirectories, credentials, retry, connectTimeout,
                readTimeout, chunkSize, log, userAgent, selector);
    }

    public RegistryOptions withUserAgent(String agent) {
        return new RegistryOptions(tlsVerify, insecureRegistries, certDirectories, credentials, retry, connectTimeout,
                readTimeout, chunkSize, log, agent, proxies);
    }
}
