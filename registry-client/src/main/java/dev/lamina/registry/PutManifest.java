package dev.lamina.registry;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import java.io.IOException;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * {@code PUT /v2/NAME/manifests/REF}: a manifest or index, with its exact bytes and its media type as
 * {@code Content-Type}, so that the registry stores what was verified and the digest stays the same.
 */
final class PutManifest {
    private final Registry registry;
    private final String repository;
    private final AuthScope scope;

    PutManifest(Registry registry, String repository, AuthScope scope) {
        this.registry = registry;
        this.repository = repository;
        this.scope = scope;
    }

    /** @param identifier a tag, or the manifest's digest */
    void put(String identifier, Descriptor manifest, byte[] bytes, String reference) throws IOException {
        RequestBody body = RequestBody.create(bytes, okhttp3.MediaType.get(manifest.mediaType().essence().value()));
        Response response = registry.execute(Registry.request(registry.url(repository, "manifests", identifier), scope)
                .tag(RetryInterceptor.Repeatable.class, RetryInterceptor.Repeatable.YES) // the same bytes again
                .put(body).build());
        try (response) {
            if (!response.isSuccessful()) {
                throw RegistryErrors.of(response, reference);
            }
            String stated = response.header("Docker-Content-Digest", "");
            if (Digest.isValid(stated) && Digest.parse(stated).algorithm().equals(manifest.digest().algorithm())
                    && !Digest.parse(stated).equals(manifest.digest())) {
                throw new LaminaException(reference + ": the registry stored the manifest as " + stated
                        + " instead of " + manifest.digest());
            }
        }
    }
}
