package dev.lamina.registry;

import dev.lamina.image.Digest;
import java.io.IOException;
import okhttp3.Response;

/** {@code HEAD /v2/NAME/blobs/DIGEST}: whether the repository has the blob already. */
final class CheckBlob {
    private final Registry registry;
    private final String repository;
    private final AuthScope scope;

    CheckBlob(Registry registry, String repository, AuthScope scope) {
        this.registry = registry;
        this.repository = repository;
        this.scope = scope;
    }

    boolean exists(Digest digest, String what) throws IOException {
        Response response = registry.execute(Registry.request(registry.url(repository, "blobs", digest.toString()),
                scope).head().build());
        try (response) {
            if (response.code() == 200) {
                return true;
            }
            if (response.code() == 404) {
                return false;
            }
            throw RegistryErrors.of(response, what);
        }
    }
}
