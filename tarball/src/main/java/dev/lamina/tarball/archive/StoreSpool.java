package dev.lamina.tarball.archive;

import dev.lamina.image.Digest;
import dev.lamina.image.io.Transfer;
import dev.lamina.image.store.BlobWriter;
import dev.lamina.image.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Spools straight into the store, for an archive being loaded into it from a pipe: each large member is
 * written once, as the blob it will be, and the copy that follows finds it there. Holds a store lease so no
 * collection takes the blobs before they are named; anything left unnamed is collected by a later prune.
 */
public final class StoreSpool implements Spool {
    private final Store store;
    private final Store.Lease lease;

    public StoreSpool(Store store) {
        this.store = store;
        this.lease = store.lease();
    }

    @Override
    public Spooled put(InputStream content) throws IOException {
        try (BlobWriter writer = store.newBlob()) {
            Transfer.copy(content, writer.stream());
            long size = writer.size();
            return new Spooled(writer.commit(Optional.empty(), -1, "spooled archive member"), size);
        }
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        return store.openBlob(digest);
    }

    @Override
    public void close() {
        lease.close();
    }
}
