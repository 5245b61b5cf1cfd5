package dev.lamina.registry;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One registry host: how it is reached (scheme and TLS, chosen by a ping on first use) and its
 * authentication state. Every operation on any repository of the registry goes through here; the
 * operations themselves are small objects of their own.
 */
final class Registry {
    /** How long a way of connecting that has a fallback may stay silent. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final RegistryAddress address;
    private final RegistryOptions options;
    private final OkHttpClient shared;
    private final RegistryAuth auth;
    private final Clock clock;
    private volatile Connection connection;

    /** The scheme and client the ping settled on. */
    record Connection(HttpUrl base, OkHttpClient http) {
    }

    Registry(RegistryAddress address, RegistryOptions options, OkHttpClient shared, Clock clock) {
        this.address = address;
        this.options = options;
        this.shared = shared;
        this.clock = clock;
        this.auth = new RegistryAuth(address.name(), options.credentials(), clock);
    }

    String name() {
        return address.name();
    }

    RegistryAuth auth() {
        return auth;
    }

    RetryPolicy retry() {
        return options.retry();
    }

    RegistryOptions options() {
        return options;
    }

    Connection connection() throws IOException {
        Connection known = connection;
        if (known == null) {
            synchronized (this) {
                if (connection == null) {
                    connection = connect();
                }
                known = connection;
            }
        }
        return known;
    }

    /** {@code base/v2/REPOSITORY/KIND/LAST}, e.g. {@code /v2/team/app/manifests/1.0}. */
    HttpUrl url(String repository, String kind, String last) throws IOException {
        return connection().base().newBuilder().addPathSegment("v2").addPathSegments(repository)
                .addPathSegment(kind).addPathSegment(last).build();
    }

    /** A request for {@code url} that the authenticator treats as needing {@code scope}. */
    static Request.Builder request(HttpUrl url, AuthScope scope) {
        return new Request.Builder().url(url).tag(AuthScope.class, scope);
    }

    Response execute(Request request) throws IOException {
        return connection().http().newCall(request).execute();
    }

    // ---- choosing the scheme ----

    private record Candidate(String scheme, boolean verify) {
    }

    /**
     * HTTPS, verified. An insecure registry ({@code --tls-verify=false}, or listed) is tried with HTTPS
     * without verification, then plain HTTP, as Docker does. A loopback registry may speak plain HTTP, as
     * Docker allows: it is asked in plain HTTP first (a ping carries no credentials, and a local registry
     * then costs no TLS set-up), then over HTTPS, verified unless insecure.
     */
    private Connection connect() throws IOException {
        boolean insecure = !options.tlsVerify() || options.insecureRegistries().contains(address.hostPort());
        List<Candidate> candidates = new ArrayList<>();
        if (address.isLoopback()) {
            candidates.add(new Candidate("http", false));
            candidates.add(new Candidate("https", !insecure));
        } else {
            candidates.add(new Candidate("https", !insecure));
            if (insecure) {
                candidates.add(new Candidate("http", false));
            }
        }
        IOException failure = null;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            boolean last = i == candidates.size() - 1;
            OkHttpClient tls = candidate.scheme.equals("https")
                    ? TlsSetup.configure(shared, address, options.certDirectories(), candidate.verify) : shared;
            HttpUrl base = address.base(candidate.scheme);
            // Only the last way is retried, with the full patience; an earlier one that fails (or stays
            // silent, as a plain server given a TLS hello may) gives way to the next one quickly.
            OkHttpClient pinging = last
                    ? tls.newBuilder().addInterceptor(new RetryInterceptor(options.retry(), options.log())).build()
                    : tls.newBuilder().readTimeout(PROBE_TIMEOUT).build();
            try {
                auth.learn(Ping.run(pinging, base, address.name()));
            } catch (Ping.NotARegistry e) {
                // 400 to plain HTTP is how TLS servers answer it: not this way, maybe the next.
                if (e.status() != 400 || candidate.scheme.equals("https")) {
                    throw e;
                }
                if (last) {
                    throw failure == null ? e : unreachable(failure);
                }
                options.log().log("! " + base + " answered HTTP 400 (a TLS server?); trying "
                        + candidates.get(i + 1).scheme);
                continue;
            } catch (IOException e) {
                if (candidate.verify && refusesServerCertificate(e)) {
                    throw new LaminaException("TLS verification failed for " + address.name() + ": " + e.getMessage()
                            + " (trust its CA in certs.d/" + address.hostPort()
                            + "/ca.crt, or use --tls-verify=false)", e);
                }
                failure = e;
                if (!last) {
                    options.log().log("! " + base + " failed (" + e + "); trying " + candidates.get(i + 1).scheme);
                }
                continue;
            }
            return open(base, tls);
        }
        throw unreachable(failure);
    }

    /** The server's certificate was not trusted (as opposed to the server refusing ours, or no TLS at all). */
    private static boolean refusesServerCertificate(IOException e) {
        if (!(e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException)) {
            return false;
        }
        if (e instanceof SSLPeerUnverifiedException) {
            return true; // the host name does not match the certificate
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private Connection open(HttpUrl base, OkHttpClient tls) {
        HostMatcher host = HostMatcher.of(base);
        RetryInterceptor retries = new RetryInterceptor(options.retry(), options.log());
        auth.useFetcher(new TokenFetcher(tls.newBuilder().addInterceptor(retries).build(), clock));
        OkHttpClient http = tls.newBuilder()
                .addInterceptor(retries)
                .addInterceptor(new AuthInterceptor(auth, host))
                .authenticator(new ChallengeAuthenticator(auth, host))
                .build();
        return new Connection(base, http);
    }

    private LaminaException unreachable(IOException e) {
        String why;
        if (e instanceof UnknownHostException) {
            why = "unknown host " + address.host();
        } else if (e instanceof ConnectException) {
            why = "connection refused";
        } else {
            why = e == null ? "no way to connect" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof javax.net.ssl.SSLException) {
                why = "TLS: " + why;
            }
        }
        return new LaminaException("cannot reach registry " + address.name() + ": " + why, e);
    }
}
