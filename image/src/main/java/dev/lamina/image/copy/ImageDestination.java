package dev.lamina.image.copy;

import dev.lamina.image.Descriptor;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where images go. The copy engine asks which blobs are already there, puts the rest (possibly in
 * parallel), then the manifests, then the names, and finally commits. A destination must verify every blob
 * it is given against its descriptor before keeping it, and make nothing visible before {@link #commit}
 * where it can avoid it.
 */
public interface ImageDestination extends Closeable {
    String description();

    /** True when the blob is present already and need not be sent. */
    boolean hasBlob(Descriptor descriptor) throws IOException;

    /** Stores a blob. {@code content} may be opened again to retry; each stream starts at byte 0. */
    void putBlob(Descriptor descriptor, BlobContent content) throws IOException;

    /** Stores a manifest or index, after every blob it references. */
    void putManifest(Descriptor descriptor, byte[] bytes) throws IOException;

    /** Names a top-level manifest or index. */
    void tag(Descriptor topLevel, String name) throws IOException;

    /** Makes everything put so far visible as one step, where the format allows it. */
    void commit() throws IOException;

    /** False for formats that hold single-platform images only (docker-archive): the engine then picks one. */
    default boolean acceptsIndex() {
        return true;
    }

    /** How many blobs may be put at once; 1 for a destination that writes one sequential stream. */
    default int maxParallelBlobs() {
        return Integer.MAX_VALUE;
    }

    @Override
    default void close() throws IOException {
    }

    /** A blob's bytes, re-openable from the start. */
    @FunctionalInterface
    interface BlobContent {
        InputStream open() throws IOException;
    }
}
