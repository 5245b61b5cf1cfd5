package dev.lamina.tarball.layer;

import dev.lamina.image.Digest;
import dev.lamina.image.io.DigestingOutputStream;
import dev.lamina.image.store.BlobWriter;
import dev.lamina.image.store.Store;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a layer's compressed bytes go, and how they are kept once complete. The sink hashes them as they are
 * written (the store's blob writer already does), so nothing is read back to learn the digest.
 */
public interface LayerSink extends AutoCloseable {
    /** Where to write; closing it is the sink's business, not the caller's. */
    OutputStream stream();

    /** The bytes are complete: keep them and say what they were. */
    Committed commit(Digest diffId) throws IOException;

    /** Drops whatever was written, unless committed. */
    @Override
    void close();

    /** The compressed blob's digest and size. */
    record Committed(Digest digest, long size) {
    }

    /** Into the store, recording the diffID beside the blob. */
    static LayerSink toStore(Store store) throws IOException {
        BlobWriter writer = store.newBlob();
        return new LayerSink() {
            @Override
            public OutputStream stream() {
                return writer.stream();
            }

            @Override
            public Committed commit(Digest diffId) throws IOException {
                long size = writer.size();
                Digest digest = writer.commit();
                store.recordDiffId(digest, diffId);
                return new Committed(digest, size);
            }

            @Override
            public void close() {
                writer.close();
            }
        };
    }

    /** Into any stream (left open), hashed on the way. */
    static LayerSink to(OutputStream out) {
        DigestingOutputStream digesting = new DigestingOutputStream(out);
        return new LayerSink() {
            @Override
            public OutputStream stream() {
                return digesting;
            }

            @Override
            public Committed commit(Digest diffId) throws IOException {
                digesting.flush();
                return new Committed(digesting.digest(), digesting.count());
            }

            @Override
            public void close() {
            }
        };
    }
}
