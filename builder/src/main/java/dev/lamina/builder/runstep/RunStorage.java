package dev.lamina.builder.runstep;

import dev.lamina.image.Digest;
import dev.lamina.image.store.GarbageCollector;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.fs.HostFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;

/** What RUN keeps in the store besides blobs, and how a collection treats it. */
public final class RunStorage {
    private RunStorage() {
    }

    /**
     * For {@link GarbageCollector}: extracted layer directories whose layer blob went are removed (those of layers an
     * image or a build cache record keeps stay), with temporary directories left by killed builds; and, when
     * {@code dropCacheMounts}, the RUN cache mounts ({@code --mount=type=cache}), as {@code docker builder prune} does.
     * Runs under the collection lock: no build is running.
     */
    public static GarbageCollector.Roots sweeper(Store store, boolean dropCacheMounts) {
        return new GarbageCollector.Roots() {
            @Override
            public Collection<Digest> digests() {
                return List.of();
            }

            @Override
            public void afterSweep() throws IOException {
                ExtractedLayers.sweep(store);
                if (dropCacheMounts && Files.exists(MountPlan.cacheRoot(store))) {
                    HostFileSystem.create().deleteRecursively(MountPlan.cacheRoot(store));
                }
            }
        };
    }
}
