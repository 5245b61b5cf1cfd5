package dev.lamina.builder.fs;

import dev.lamina.builder.BuildException;
import dev.lamina.builder.LayerRef;
import dev.lamina.builder.cache.CacheLayout;
import dev.lamina.image.Digest;
import dev.lamina.image.io.DigestingInputStream;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.inspect.LayerChange;
import dev.lamina.tarball.inspect.LayerReader;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listings of layers: from memory, from the store's cache, or (once per layer, ever) by reading the layer.
 * The file trees of stages are built from them.
 */
public final class Listings {
    private final Store store;
    private final CacheLayout layout;
    private final Map<Digest, LayerListing> known = new ConcurrentHashMap<>();
    private final Map<Digest, FileTree> trees = new ConcurrentHashMap<>();

    public Listings(Store store) {
        this.store = store;
        this.layout = CacheLayout.of(store);
    }

    /** The listing of {@code layer}. */
    public LayerListing of(LayerRef layer) throws IOException {
        LayerListing cached = known.get(layer.diffId());
        if (cached != null) {
            return cached;
        }
        Optional<LayerListing> stored = readStored(layer.diffId());
        LayerListing listing = stored.isPresent() ? stored.get() : read(layer);
        if (stored.isEmpty()) {
            store.writeMetadata(layout.listing(layer.diffId()), listing.toBytes());
        }
        known.put(layer.diffId(), listing);
        return listing;
    }

    /** Remembers the listing of a layer just written (nothing needs to read it back). */
    public void record(LayerRef layer, LayerListing listing) throws IOException {
        known.put(layer.diffId(), listing);
        store.writeMetadata(layout.listing(layer.diffId()), listing.toBytes());
    }

    /** The file tree of {@code layers} applied in order; {@code chainId} names that chain. */
    public FileTree tree(List<LayerRef> layers) throws IOException {
        FileTree tree = FileTree.empty();
        List<Digest> chain = new ArrayList<>();
        for (LayerRef layer : layers) {
            chain.add(layer.diffId());
            Digest id = ChainIds.of(chain);
            FileTree known = trees.get(id);
            if (known == null) {
                known = tree.apply(layer, of(layer));
                trees.put(id, known);
            }
            tree = known;
        }
        return tree;
    }

    private Optional<LayerListing> readStored(Digest diffId) {
        try {
            return LayerListing.fromBytes(Files.readAllBytes(layout.listing(diffId)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable: read the layer again
        }
    }

    private LayerListing read(LayerRef layer) throws IOException {
        String what = "layer " + layer.descriptor().digest();
        List<LayerListing.Change> changes = new ArrayList<>();
        try (InputStream blob = store.openBlob(layer.descriptor().digest());
             LayerReader reader = LayerReader.open(blob, ApplyOptions.DEFAULT_MAX_LAYER_BYTES, what)) {
            for (Optional<LayerChange> next = reader.next(); next.isPresent(); next = reader.next()) {
                LayerChange change = next.get();
                String path = TreePaths.of(change.path());
                if (change instanceof LayerChange.Write write) {
                    TarEntry entry = write.entry();
                    Optional<Digest> content = Optional.empty();
                    if (entry.type() == EntryType.REGULAR) {
                        content = Optional.of(digest(reader.content()));
                    } else if (entry.type() == EntryType.HARDLINK) {
                        entry = entry.toBuilder().linkName(TreePaths.of(entry.linkName())).build();
                    }
                    changes.add(new LayerListing.Put(path, entry, content));
                } else if (change instanceof LayerChange.Delete) {
                    changes.add(new LayerListing.Delete(path));
                } else {
                    changes.add(new LayerListing.Opaque(path));
                }
            }
            if (!reader.diffId().equals(layer.diffId())) {
                throw new BuildException(what + ": its content is " + reader.diffId() + ", but the image says "
                        + layer.diffId());
            }
        }
        return new LayerListing(changes);
    }

    private static Digest digest(InputStream content) throws IOException {
        DigestingInputStream in = new DigestingInputStream(content);
        in.transferTo(OutputStream.nullOutputStream());
        return in.digest();
    }
}
