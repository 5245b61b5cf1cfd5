package dev.lamina.registry;

import java.io.IOException;
import okhttp3.Authenticator;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * Answers a registry's 401: reads its challenge, gets a token for the scope it names (or takes the Basic
 * credentials) and lets OkHttp send the request again. Only the registry's own host is answered; a 401
 * from anywhere else (blob storage after a redirect) gets nothing. OkHttp does not resend one-shot bodies,
 * which is why uploads are authenticated before they start (see {@link AuthInterceptor}).
 */
final class ChallengeAuthenticator implements Authenticator {
    private static final int MAX_CHALLENGES = 3;

    private final RegistryAuth auth;
    private final HostMatcher registryHost;

    ChallengeAuthenticator(RegistryAuth auth, HostMatcher registryHost) {
        this.auth = auth;
        this.registryHost = registryHost;
    }

    @Override
    public Request authenticate(Route route, Response response) throws IOException {
        Request request = response.request();
        AuthScope scope = request.tag(AuthScope.class);
        if (scope == null || !registryHost.owns(request.url()) || challenges(response) >= MAX_CHALLENGES) {
            return null;
        }
        return auth.answer(response, scope)
                .map(header -> request.newBuilder().header("Authorization", header).build())
                .orElse(null);
    }

    private static int challenges(Response response) {
        int count = 1;
        for (Response prior = response.priorResponse(); prior != null; prior = prior.priorResponse()) {
            count++;
        }
        return count;
    }
}
