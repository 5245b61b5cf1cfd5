package dev.lamina.registry;

import dev.lamina.registry.credentials.CredentialStore;
import dev.lamina.registry.credentials.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Response;

/**
 * The authentication state of one registry: the challenge it answers with, its credentials (looked up
 * once), and bearer tokens cached per scope until shortly before they expire. Used from every transfer
 * thread at once; a token is fetched once per scope however many threads want it.
 */
final class RegistryAuth {
    private final String registry;
    private final CredentialStore store;
    private final Clock clock;
    private final Map<String, BearerToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, Object> fetching = new ConcurrentHashMap<>();
    private volatile Optional<Credentials> credentials;
    private volatile Optional<AuthChallenge> challenge = Optional.empty();
    private volatile Optional<String> refreshToken = Optional.empty();
    private volatile TokenFetcher fetcher;

    RegistryAuth(String registry, CredentialStore store, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
    }

    /** Set once the registry's connection is known: tokens are fetched over the same TLS setup. */
    void useFetcher(TokenFetcher tokenFetcher) {
        this.fetcher = tokenFetcher;
    }

    void learn(AuthChallenge learned) {
        this.challenge = Optional.of(learned);
    }

    Optional<AuthChallenge> challenge() {
        return challenge;
    }

    Optional<Credentials> credentials() {
        Optional<Credentials> known = credentials;
        if (known == null) {
            synchronized (this) {
                if (credentials == null) {
                    credentials = store.lookup(registry);
                }
                known = credentials;
            }
        }
        return known;
    }

    /** Uses {@code given} instead of the store's credentials (a login being checked). */
    void useCredentials(Credentials given) {
        credentials = Optional.of(given);
        tokens.clear();
    }

    /** The {@code Authorization} value for a request needing {@code scope}, when the registry wants one. */
    Optional<String> header(AuthScope scope) throws IOException {
        Optional<AuthChallenge> current = challenge;
        if (current.isEmpty()) {
            return Optional.empty();
        }
        if (current.get() instanceof AuthChallenge.Basic) {
            return basicHeader();
        }
        if (current.get() instanceof AuthChallenge.Bearer bearer) {
            return Optional.of(token(bearer, scope, false).header());
        }
        return Optional.empty();
    }

    /**
     * Answers a 401: learns the challenge, and returns the header to try again with, or empty when there is
     * nothing new to try (the same credentials were just refused).
     */
    Optional<String> answer(Response unauthorized, AuthScope scope) throws IOException {
        Optional<AuthChallenge> parsed = AuthChallenge.of(unauthorized);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        learn(parsed.get());
        String sent = unauthorized.request().header("Authorization");
        Optional<String> next;
        if (parsed.get() instanceof AuthChallenge.Bearer bearer) {
            AuthScope wanted = scope.and(bearer.scope());
            next = Optional.of(token(bearer, wanted, true).header());
        } else {
            next = basicHeader();
        }
        return next.filter(header -> !header.equals(sent));
    }

    /** A token obtained with the credentials and no scope: how a login is checked against token auth. */
    BearerToken login(AuthChallenge.Bearer bearer) throws IOException {
        BearerToken token = fetcher.fetch(bearer, AuthScope.NONE, credentials(), Optional.empty(), true, registry);
        token.refreshToken().ifPresent(r -> refreshToken = Optional.of(r));
        return token;
    }

    private Optional<String> basicHeader() {
        return credentials().filter(Credentials::hasPassword)
                .map(c -> okhttp3.Credentials.basic(c.username(), c.password(), StandardCharsets.UTF_8));
    }

    private BearerToken token(AuthChallenge.Bearer bearer, AuthScope scope, boolean fresh) throws IOException {
        String key = bearer.realm() + " " + bearer.service().orElse("") + " " + scope.key();
        BearerToken cached = tokens.get(key);
        if (!fresh && cached != null && cached.usableAt(clock.instant())) {
            return cached;
        }
        Object lock = fetching.computeIfAbsent(key, k -> new Object());
        synchronized (lock) {
            BearerToken again = tokens.get(key);
            if (again != null && again != cached && again.usableAt(clock.instant())) {
                return again; // another thread fetched it while this one waited
            }
            BearerToken token = fetcher.fetch(bearer, scope, credentials(), refreshToken, false, registry);
            token.refreshToken().ifPresent(r -> refreshToken = Optional.of(r));
            tokens.put(key, token);
            return token;
        }
    }
}
