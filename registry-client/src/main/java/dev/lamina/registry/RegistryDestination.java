package dev.lamina.registry;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.copy.ImageDestination;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry repository as a copy destination. Blobs are looked for with {@code HEAD} first, mounted from
 * another repository of the registry when one is known to have them, else uploaded. Manifests go after
 * their blobs, with their exact bytes and media type: each one by digest as soon as it is complete, except
 * the last, which is held back so that the tag it gets is its first and only {@code PUT}. Safe to use from
 * the copy engine's parallel blob threads.
 */
public final class RegistryDestination implements ImageDestination {
    private final Registry registry;
    private final ImageReference reference;
    private final MountSources mountSources;
    private final AuthScope scope;
    private final Map<Digest, Descriptor> manifests = new ConcurrentHashMap<>();
    private final Map<Digest, byte[]> manifestBytes = new ConcurrentHashMap<>();
    private Descriptor pending;
    private boolean pendingTagged;

    RegistryDestination(Registry registry, ImageReference reference, MountSources mountSources) {
        this.registry = registry;
        this.reference = reference;
        this.mountSources = mountSources;
        this.scope = AuthScope.push(reference.repository());
    }

    public ImageReference reference() {
        return reference;
    }

    @Override
    public String description() {
        return "docker://" + reference;
    }

    @Override
    public boolean hasBlob(Descriptor descriptor) throws IOException {
        return new CheckBlob(registry, reference.repository(), scope).exists(descriptor.digest(), what(descriptor));
    }

    @Override
    public void putBlob(Descriptor descriptor, BlobContent content) throws IOException {
        Optional<String> mountFrom = mountSources.repositoriesOf(descriptor.digest()).stream()
                .filter(r -> r.startsWith(registry.name() + "/"))
                .map(r -> r.substring(registry.name().length() + 1))
                .filter(r -> !r.equals(reference.repository()))
                .findFirst();
        new BlobUpload(registry, reference.repository(), descriptor, content, mountFrom, what(descriptor)).run();
    }

    @Override
    public synchronized void putManifest(Descriptor descriptor, byte[] bytes) throws IOException {
        flushPending();
        manifests.put(descriptor.digest(), descriptor);
        manifestBytes.put(descriptor.digest(), bytes);
        pending = descriptor;
        pendingTagged = false;
    }

    /** {@code name} is a tag, or a reference in this repository with a tag or digest. */
    @Override
    public synchronized void tag(Descriptor topLevel, String name) throws IOException {
        ImageReference target = RepositoryNames.resolve(reference, name);
        byte[] bytes = manifestBytes.get(topLevel.digest());
        if (bytes == null) {
            throw new IllegalStateException("tag " + name + " for " + topLevel.digest() + " before its manifest");
        }
        if (target.tag().isEmpty()) {
            if (target.digest().isPresent() && !target.digest().get().equals(topLevel.digest())) {
                throw new LaminaException(description() + ": the image's digest is " + topLevel.digest()
                        + ", not " + target.digest().get());
            }
            return; // a digest reference names the manifest itself: pushing it by digest is enough
        }
        new PutManifest(registry, reference.repository(), scope).put(target.tag().get(), manifests.get(topLevel.digest()),
                bytes, target.withoutDigest().toString());
        if (pending != null && pending.digest().equals(topLevel.digest())) {
            pendingTagged = true;
        }
    }

    /** Pushes a last manifest that got no tag by its digest. */
    @Override
    public synchronized void commit() throws IOException {
        flushPending();
    }

    private void flushPending() throws IOException {
        if (pending != null && !pendingTagged) {
            putByDigest(pending);
        }
        pending = null;
    }

    private void putByDigest(Descriptor manifest) throws IOException {
        new PutManifest(registry, reference.repository(), scope).put(manifest.digest().toString(), manifest,
                manifestBytes.get(manifest.digest()), reference.withoutTag().withDigest(manifest.digest()).toString());
    }

    private String what(Descriptor blob) {
        return "blob " + blob.digest() + " to " + reference.name();
    }
}
