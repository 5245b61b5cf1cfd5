package dev.lamina.registry;

import java.io.IOException;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends the credentials the registry is known to want with each request, before it has to ask: a streamed
 * upload cannot be sent twice, so it must not meet a 401. An application interceptor, so it runs once per
 * call and never on a redirect (OkHttp drops {@code Authorization} when a redirect leaves the host).
 * Each call checks the token's expiry, so a long upload renews its token between chunks.
 */
final class AuthInterceptor implements Interceptor {
    private final RegistryAuth auth;
    private final HostMatcher registryHost;

    AuthInterceptor(RegistryAuth auth, HostMatcher registryHost) {
        this.auth = auth;
        this.registryHost = registryHost;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        AuthScope scope = request.tag(AuthScope.class);
        if (scope != null && request.header("Authorization") == null && registryHost.owns(request.url())) {
            Optional<String> header = auth.header(scope);
            if (header.isPresent()) {
                request = request.newBuilder().header("Authorization", header.get()).build();
            }
        }
        return chain.proceed(request);
    }
}
