package dev.lamina.image.store;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.io.DigestMismatchException;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Json;
import dev.lamina.image.json.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store as a copy destination. It holds a GC lease from creation to close, so nothing it writes is
 * collected before it is named; names are written in one index update at {@link #commit}.
 */
public final class StoreDestination implements ImageDestination {
    private final Store store;
    private final Store.Lease lease;
    private final Map<String, Descriptor> pendingTags = new LinkedHashMap<>();
    private final List<Descriptor> pendingUnnamed = new ArrayList<>();

    public StoreDestination(Store store) {
        this.store = store;
        this.lease = store.lease();
    }

    @Override
    public String description() {
        return "store " + store.root();
    }

    /** Present with the size the descriptor gives; a different size is left to {@link #putBlob} to refuse. */
    @Override
    public boolean hasBlob(Descriptor descriptor) {
        return store.blobSize(descriptor.digest()).filter(size -> size == descriptor.size()).isPresent();
    }

    @Override
    public void putBlob(Descriptor descriptor, BlobContent content) throws IOException {
        Optional<Long> stored = store.blobSize(descriptor.digest());
        if (stored.isPresent() && stored.get() != descriptor.size()) {
            // the content is known by its digest, so the descriptor is what is wrong
            throw new DigestMismatchException("blob " + descriptor.digest() + ": size mismatch: the descriptor says "
                    + descriptor.size() + " bytes, the content has " + stored.get());
        }
        try (InputStream in = content.open()) {
            store.putBlob(in, Optional.of(descriptor.digest()), descriptor.size(), "blob " + descriptor.digest());
        }
    }

    @Override
    public void putManifest(Descriptor descriptor, byte[] bytes) throws IOException {
        Digest stored = store.putBytes(bytes);
        if (!stored.equals(descriptor.digest())) {
            throw new LaminaException("manifest " + descriptor.digest() + ": digest mismatch: got " + stored);
        }
        if (!descriptor.mediaType().isIndex() && !Json.sniffMediaType(bytes).map(t -> t.isIndex()).orElse(false)) {
            recordDiffIds(Manifest.parse(bytes, "manifest " + descriptor.digest()));
        }
    }

    /** Remembers which uncompressed content each layer blob holds, from the config's diff IDs. */
    private void recordDiffIds(Manifest manifest) throws IOException {
        if (!manifest.config().mediaType().isConfig() || !store.hasBlob(manifest.config().digest())) {
            return;
        }
        List<Digest> diffIds = ImageConfig.parse(store.readBlob(manifest.config().digest()),
                "image config " + manifest.config().digest()).diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            return;
        }
        for (int i = 0; i < diffIds.size(); i++) {
            store.recordDiffId(manifest.layers().get(i).digest(), diffIds.get(i));
        }
    }

    @Override
    public void tag(Descriptor topLevel, String name) {
        pendingTags.put(ImageReference.parse(name).toString(), topLevel);
    }

    /** Keeps an image without a name (Docker's {@code <none>}), unless it gets one in this session. */
    public void keepUnnamed(Descriptor topLevel) {
        pendingUnnamed.add(topLevel);
    }

    @Override
    public void commit() {
        if (pendingTags.isEmpty() && pendingUnnamed.isEmpty()) {
            return;
        }
        Catalog catalog = new Catalog(store);
        pendingTags.forEach((name, descriptor) -> catalog.tag(ImageReference.parse(name), descriptor));
        for (Descriptor unnamed : pendingUnnamed) {
            if (pendingTags.values().stream().noneMatch(d -> d.digest().equals(unnamed.digest()))) {
                catalog.keepUnnamed(unnamed);
            }
        }
        pendingTags.clear();
        pendingUnnamed.clear();
    }

    @Override
    public void close() {
        lease.close();
    }
}
