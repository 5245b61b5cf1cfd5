package dev.lamina.registry;

import dev.lamina.image.LaminaException;
import dev.lamina.registry.credentials.Credentials;
import java.io.IOException;
import okhttp3.Response;

/**
 * Checks credentials as {@code docker login} does: with token auth, a token is requested with them (and
 * with {@code offline_token}, so that a token server may hand back a refresh token to keep instead of the
 * password); with Basic auth, {@code GET /v2/} must succeed with them.
 */
final class Login {
    private final Registry registry;

    Login(Registry registry) {
        this.registry = registry;
    }

    Credentials check(Credentials credentials) throws IOException {
        RegistryAuth auth = registry.auth();
        auth.useCredentials(credentials);
        registry.connection(); // pings: learns what the registry asks for
        AuthChallenge challenge = auth.challenge().orElse(new AuthChallenge.Anonymous());
        if (challenge instanceof AuthChallenge.Bearer bearer) {
            BearerToken token = auth.login(bearer);
            return token.refreshToken()
                    .map(refresh -> Credentials.identityToken(credentials.username(), refresh))
                    .orElse(credentials);
        }
        if (challenge instanceof AuthChallenge.Basic) {
            Response response = registry.execute(Registry.request(
                    registry.connection().base().newBuilder().addPathSegment("v2").addPathSegment("").build(),
                    AuthScope.NONE).get().build());
            try (response) {
                if (!response.isSuccessful()) {
                    throw RegistryErrors.of(response, "login to " + registry.name());
                }
            }
            return credentials;
        }
        if (!credentials.hasPassword() && credentials.identityToken().isEmpty()) {
            throw new LaminaException("login to " + registry.name() + ": no credentials given");
        }
        return credentials; // the registry asks for nothing: Docker accepts the login all the same
    }
}
