package dev.lamina.registry;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import dev.lamina.image.io.DigestMismatchException;
import dev.lamina.image.json.Json;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import okhttp3.Response;

/**
 * {@code GET /v2/NAME/manifests/REF}: a manifest or index by tag or digest, accepting every type lamina
 * reads, verified against the digest asked for (or the one the registry states), typed by its
 * {@code Content-Type} or, when that says nothing useful, by its content. Schema 1 is refused here, by
 * name, rather than deep inside a copy.
 */
final class FetchManifest {
    private static final String ACCEPT = MediaType.REGISTRY_MANIFEST_TYPES.stream().map(MediaType::value)
            .collect(Collectors.joining(", "));

    private final Registry registry;
    private final String repository;
    private final AuthScope scope;

    FetchManifest(Registry registry, String repository, AuthScope scope) {
        this.registry = registry;
        this.repository = repository;
        this.scope = scope;
    }

    /** A manifest and what describes it. */
    record Fetched(Descriptor descriptor, byte[] bytes) {
    }

    /**
     * @param identifier a tag or a digest
     * @param reference names the manifest in errors ({@code localhost:5000/app:2})
     */
    Fetched fetch(String identifier, Optional<Digest> expected, String reference) throws IOException {
        Response response = registry.execute(Registry.request(registry.url(repository, "manifests", identifier), scope)
                .header("Accept", ACCEPT).get().build());
        if (!response.isSuccessful()) {
            throw RegistryErrors.of(response, reference);
        }
        String contentType = response.header("Content-Type", "");
        String stated = response.header("Docker-Content-Digest", "");
        byte[] bytes = Bodies.read(response, Bodies.MANIFEST_LIMIT, "manifest " + reference);

        Digest digest = expected.map(d -> digestOf(bytes, d)).orElseGet(() -> Digest.sha256(bytes));
        if (expected.isPresent() && !expected.get().equals(digest)) {
            throw new DigestMismatchException("manifest " + reference + ": digest mismatch: got " + digest);
        }
        if (expected.isEmpty() && Digest.isValid(stated) && Digest.parse(stated).algorithm().equals(Digest.SHA256)
                && !Digest.parse(stated).equals(digest)) {
            throw new DigestMismatchException("manifest " + reference + ": the registry states digest " + stated
                    + " but the content has " + digest);
        }
        MediaType type = typeOf(contentType, bytes);
        if (type.isSchema1()) {
            throw new LaminaException(reference + ": Docker image manifest schema 1 is unsupported"
                    + " (deprecated by Docker; re-push the image with a current client)");
        }
        if (!type.isManifest() && !type.isIndex()) {
            throw new LaminaException(reference + ": unsupported manifest media type " + type);
        }
        return new Fetched(new Descriptor(type, digest, bytes.length), bytes);
    }

    /** The {@code Content-Type} when it names a manifest type, else what the document itself declares. */
    private static MediaType typeOf(String contentType, byte[] bytes) {
        if (!contentType.isBlank()) {
            MediaType declared = MediaType.of(contentType).essence();
            if (declared.isManifest() || declared.isIndex() || declared.isSchema1()) {
                return declared;
            }
        }
        return Json.sniffMediaType(bytes).map(MediaType::essence)
                .orElse(MediaType.of(contentType.isBlank() ? "application/octet-stream" : contentType));
    }

    /** The digest of {@code bytes} by the algorithm of {@code like}. */
    private static Digest digestOf(byte[] bytes, Digest like) {
        return new Digest(like.algorithm(), HexFormat.of().formatHex(like.newHasher().digest(bytes)));
    }
}
