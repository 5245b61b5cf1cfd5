package dev.lamina.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.LaminaException;
import dev.lamina.image.json.Json;
import dev.lamina.registry.credentials.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Asks a token server for a bearer token, as the Distribution token and OAuth2 specifications describe.
 * With a refresh token (an identity token from a login, or one the server handed out earlier) it uses the
 * OAuth2 {@code POST} form, falling back to {@code GET} when the server does not implement it; otherwise
 * {@code GET realm?service=…&scope=…}, with Basic credentials when there are any.
 */
final class TokenFetcher {
    static final String CLIENT_ID = "lamina";
    /** The specification's default when a server gives no {@code expires_in}. */
    private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    private final OkHttpClient http;
    private final Clock clock;

    TokenFetcher(OkHttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * A token for {@code scope}. {@code offline} asks the server for a refresh token too (at login).
     * {@code registry} names the registry in errors.
     */
    BearerToken fetch(AuthChallenge.Bearer challenge, AuthScope scope, Optional<Credentials> credentials,
            Optional<String> refreshToken, boolean offline, String registry) throws IOException {
        HttpUrl realm = HttpUrl.parse(challenge.realm());
        if (realm == null) {
            throw new LaminaException(registry + " named an invalid token realm \"" + challenge.realm() + "\"");
        }
        Optional<String> refresh = credentials.flatMap(Credentials::identityToken).or(() -> refreshToken);
        if (refresh.isPresent()) {
            Optional<BearerToken> token = post(realm, challenge, scope, refresh.get(), registry);
            if (token.isPresent()) {
                return token.get();
            }
        }
        return get(realm, challenge, scope, credentials, offline, registry);
    }

    /** The OAuth2 refresh-token grant; empty when the server does not do OAuth2 ({@code 404}, {@code 405}). */
    private Optional<BearerToken> post(HttpUrl realm, AuthChallenge.Bearer challenge, AuthScope scope,
            String refreshToken, String registry) throws IOException {
        FormBody.Builder form = new FormBody.Builder()
                .add("grant_type", "refresh_token")
                .add("refresh_token", refreshToken)
                .add("client_id", CLIENT_ID);
        challenge.service().ifPresent(service -> form.add("service", service));
        if (!scope.scopes().isEmpty()) {
            form.add("scope", scope.key());
        }
        Request request = new Request.Builder().url(realm).post(form.build())
                .tag(RetryInterceptor.Repeatable.class, RetryInterceptor.Repeatable.YES).build();
        Response response = http.newCall(request).execute();
        if (response.code() == 404 || response.code() == 405) {
            response.close();
            return Optional.empty();
        }
        return Optional.of(parse(response, registry, Optional.of(refreshToken)));
    }

    private BearerToken get(HttpUrl realm, AuthChallenge.Bearer challenge, AuthScope scope,
            Optional<Credentials> credentials, boolean offline, String registry) throws IOException {
        HttpUrl.Builder url = realm.newBuilder();
        challenge.service().ifPresent(service -> url.addQueryParameter("service", service));
        for (String s : scope.scopes()) {
            url.addQueryParameter("scope", s);
        }
        Request.Builder request = new Request.Builder();
        Optional<Credentials> basic = credentials.filter(Credentials::hasPassword);
        if (basic.isPresent()) {
            url.addQueryParameter("account", basic.get().username());
            request.header("Authorization", okhttp3.Credentials.basic(basic.get().username(), basic.get().password(),
                    StandardCharsets.UTF_8));
        }
        if (offline) {
            url.addQueryParameter("offline_token", "true").addQueryParameter("client_id", CLIENT_ID);
        }
        Response response = http.newCall(request.url(url.build()).get().build()).execute();
        return parse(response, registry, Optional.empty());
    }

    private BearerToken parse(Response response, String registry, Optional<String> refreshUsed) throws IOException {
        if (!response.isSuccessful()) {
            throw RegistryErrors.of(response, "token for " + registry);
        }
        JsonNode body = Json.readTree(Bodies.read(response, Bodies.TOKEN_LIMIT, "token response from " + registry),
                "token response from " + registry);
        String token = body.path("token").asText("");
        if (token.isEmpty()) {
            token = body.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw new LaminaException("the token server of " + registry + " answered without a token");
        }
        Instant issued = clock.instant();
        String issuedAt = body.path("issued_at").asText("");
        if (!issuedAt.isEmpty()) {
            try {
                Instant stated = Instant.parse(issuedAt);
                // Trust the server's clock only as far as it does not make a fresh token look old.
                issued = stated.isAfter(issued) ? issued : stated;
            } catch (DateTimeParseException e) {
                // a malformed issued_at is ignored: the token counts from now
            }
        }
        long seconds = body.path("expires_in").asLong(0);
        Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_LIFETIME;
        // Renew a little early: a tenth of the lifetime, at most 30 s.
        Duration margin = lifetime.dividedBy(10).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30) : lifetime.dividedBy(10);
        Optional<String> refresh = Optional.of(body.path("refresh_token").asText("")).filter(s -> !s.isEmpty())
                .or(() -> refreshUsed);
        return new BearerToken(token, issued.plus(lifetime).minus(margin), refresh);
    }
}
