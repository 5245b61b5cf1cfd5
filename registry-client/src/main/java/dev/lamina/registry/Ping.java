package dev.lamina.registry;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code GET /v2/}: proves that a registry speaks the Distribution API on this scheme, and tells which
 * authentication it wants (none, Basic, or Bearer with realm and service).
 */
final class Ping {
    private Ping() {
    }

    static AuthChallenge run(OkHttpClient http, HttpUrl base, String registry) throws IOException {
        HttpUrl url = base.newBuilder().addPathSegment("v2").addPathSegment("").build();
        try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (response.isSuccessful()) {
                return new AuthChallenge.Anonymous();
            }
            if (response.code() == 401) {
                return AuthChallenge.of(response).orElseThrow(() -> new LaminaException(registry
                        + " asked for authentication without saying how (no WWW-Authenticate challenge)"));
            }
            throw new NotARegistry(registry + " does not answer as a registry: GET " + url + " gave HTTP "
                    + response.code(), response.code());
        }
    }

    /** Something answered, but not as a registry (or, with 400, a TLS server was spoken to in plain HTTP). */
    static final class NotARegistry extends LaminaException {
        private final int status;

        NotARegistry(String message, int status) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
