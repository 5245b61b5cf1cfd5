package dev.lamina.registry;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.copy.CopyListener;
import dev.lamina.image.store.Store;
import java.util.List;

/**
 * The store's memory of where its blobs came from: a pull records the repository of every blob it moves
 * (or finds already there), and a later push to the same registry mounts those blobs from that repository
 * instead of uploading them.
 */
public final class StoreMountSources implements MountSources {
    private final Store store;

    public StoreMountSources(Store store) {
        this.store = store;
    }

    @Override
    public List<String> repositoriesOf(Digest digest) {
        return store.blobSources(digest);
    }

    /** A listener for a pull of {@code from} that records each blob's repository, then tells {@code next}. */
    public CopyListener recording(ImageReference from, CopyListener next) {
        String repository = from.name();
        return new CopyListener() {
            @Override
            public void blobSkipped(Descriptor blob) {
                store.recordBlobSource(blob.digest(), repository);
                next.blobSkipped(blob);
            }

            @Override
            public void blobStarted(Descriptor blob) {
                next.blobStarted(blob);
            }

            @Override
            public void blobProgress(Descriptor blob, long bytes) {
                next.blobProgress(blob, bytes);
            }

            @Override
            public void blobDone(Descriptor blob) {
                store.recordBlobSource(blob.digest(), repository);
                next.blobDone(blob);
            }

            @Override
            public void manifestWritten(Descriptor manifest) {
                next.manifestWritten(manifest);
            }
        };
    }
}
