package dev.lamina.builder.fs;

import dev.lamina.builder.BuildException;
import dev.lamina.image.Digest;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.inspect.LayerChange;
import dev.lamina.tarball.inspect.LayerReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The content of files of a stage, taken from its layers: each layer that holds some of them is read once, in one
 * pass, and their bytes spooled into one temporary file in the store (removed on {@link #close()}), from which a
 * layer being written reads them in its own order.
 */
public final class LayerContents implements Closeable {
    private final ContentSpool spool;
    private final Map<Key, ContentSpool.Range> ranges;

    private LayerContents(ContentSpool spool, Map<Key, ContentSpool.Range> ranges) {
        this.spool = spool;
        this.ranges = ranges;
    }

    private record Key(Digest layer, String name) {
        // written out: a record's generated equals and hashCode are bootstrapped through method handles at first use
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.layer.equals(layer) && k.name.equals(name);
        }

        @Override
        public int hashCode() {
            return 31 * layer.hashCode() + name.hashCode();
        }
    }

    /** Spools the content of the regular files among {@code files}. */
    public static LayerContents extract(Store store, Collection<FileNode> files) throws IOException {
        Map<Digest, Set<String>> wanted = new LinkedHashMap<>();
        for (FileNode node : files) {
            if (node.isRegularFile() && node.layer().isPresent()) {
                wanted.computeIfAbsent(node.layer().get().descriptor().digest(), d -> new HashSet<>())
                        .add(node.nameInLayer());
            }
        }
        ContentSpool spool = new ContentSpool(store);
        Map<Key, ContentSpool.Range> ranges = new HashMap<>();
        try {
            for (Map.Entry<Digest, Set<String>> layer : wanted.entrySet()) {
                read(store, layer.getKey(), (path, content) -> {
                    if (layer.getValue().contains(path)) {
                        ranges.put(new Key(layer.getKey(), path), spool.append(content));
                    }
                    return false;
                });
            }
            return new LayerContents(spool, ranges);
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    /** The content of {@code node}, which must have been among the files extracted. */
    public InputStream open(FileNode node) {
        ContentSpool.Range range = ranges.get(new Key(node.layer().orElseThrow().descriptor().digest(),
                node.nameInLayer()));
        if (range == null) {
            throw new IllegalStateException(node.path() + " was not extracted");
        }
        return spool.open(range);
    }

    /** Reads one small file (an {@code /etc/passwd}) of a stage straight from its layer. */
    public static Optional<byte[]> readSmall(Store store, FileNode node, int limit) throws IOException {
        if (!node.isRegularFile() || node.layer().isEmpty()) {
            return Optional.empty();
        }
        byte[][] found = new byte[1][];
        read(store, node.layer().get().descriptor().digest(), (path, content) -> {
            if (path.equals(node.nameInLayer())) {
                byte[] bytes = content.readNBytes(limit + 1);
                if (bytes.length > limit) {
                    throw new BuildException("/" + node.path() + " is larger than " + limit + " bytes");
                }
                found[0] = bytes;
            }
            return false;
        });
        return Optional.ofNullable(found[0]);
    }

    @FunctionalInterface
    private interface ContentVisitor {
        /** Returns true to stop reading. */
        boolean file(String path, InputStream content) throws IOException;
    }

    private static void read(Store store, Digest layer, ContentVisitor visitor) throws IOException {
        try (InputStream blob = store.openBlob(layer);
             LayerReader reader = LayerReader.open(blob, ApplyOptions.DEFAULT_MAX_LAYER_BYTES, "layer " + layer)) {
            for (Optional<LayerChange> next = reader.next(); next.isPresent(); next = reader.next()) {
                if (next.get() instanceof LayerChange.Write write
                        && write.entry().type() == dev.lamina.tarball.tar.EntryType.REGULAR
                        && visitor.file(TreePaths.of(write.path()), reader.content())) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        spool.close();
    }
}
