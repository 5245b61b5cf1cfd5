package dev.lamina.registry;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.copy.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An image in a registry repository, as a copy source: the reference's manifest (by tag or digest) and
 * the blobs it names. Manifests are fetched once and kept (they are small and the copy engine reads each
 * again to verify it); blobs stream, resuming after a broken connection.
 */
public final class RegistrySource implements ImageSource {
    private final Registry registry;
    private final ImageReference reference;
    private final AuthScope scope;
    private final Map<Digest, byte[]> manifests = new ConcurrentHashMap<>();
    private volatile Descriptor resolved;

    RegistrySource(Registry registry, ImageReference reference) {
        this.registry = registry;
        this.reference = reference;
        this.scope = AuthScope.pull(reference.repository());
    }

    public ImageReference reference() {
        return reference;
    }

    @Override
    public String description() {
        return "docker://" + reference;
    }

    @Override
    public List<NamedImage> images() throws IOException {
        return List.of(new NamedImage(resolve(Optional.empty()), List.of(reference.toString())));
    }

    /**
     * The reference's manifest; {@code name}, when given, may name another tag or digest of the same
     * repository (as {@code TAG}, {@code @DIGEST} or a full reference).
     */
    @Override
    public Descriptor resolve(Optional<String> name) throws IOException {
        ImageReference wanted = name.map(n -> RepositoryNames.resolve(reference, n)).orElse(reference);
        if (wanted.equals(reference) && resolved != null) {
            return resolved;
        }
        FetchManifest.Fetched fetched = new FetchManifest(registry, reference.repository(), scope)
                .fetch(wanted.identifier(), wanted.digest(), wanted.toString());
        manifests.put(fetched.descriptor().digest(), fetched.bytes());
        if (wanted.equals(reference)) {
            resolved = fetched.descriptor();
        }
        return fetched.descriptor();
    }

    @Override
    public byte[] readManifest(Descriptor descriptor) throws IOException {
        byte[] known = manifests.get(descriptor.digest());
        if (known != null) {
            return known;
        }
        ImageReference byDigest = reference.withoutTag().withDigest(descriptor.digest());
        FetchManifest.Fetched fetched = new FetchManifest(registry, reference.repository(), scope)
                .fetch(descriptor.digest().toString(), Optional.of(descriptor.digest()), byDigest.toString());
        manifests.put(descriptor.digest(), fetched.bytes());
        return fetched.bytes();
    }

    /** Streams the blob from {@code offset}; the consumer verifies it (see the copy engine). */
    @Override
    public InputStream openBlob(Descriptor descriptor, long offset) {
        return new BlobStream(registry, reference.repository(), scope, descriptor, offset,
                "blob " + descriptor.digest() + " of " + reference.name());
    }
}
