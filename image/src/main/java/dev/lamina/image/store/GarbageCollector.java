package dev.lamina.image.store;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import dev.lamina.image.io.IoErrors;
import dev.lamina.image.json.ImageIndex;
import dev.lamina.image.json.Json;
import dev.lamina.image.json.Manifest;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Mark and sweep over the store: every blob reachable from {@code index.json} (index → manifests →
 * config and layers) and from the extra roots other parts of lamina register (the build cache) is kept;
 * the rest is removed. It runs with the GC lock held exclusively, so a blob on its way from ingest to a tag
 * in another thread or process is never taken, and temporary files left by killed writers are cleared.
 */
public final class GarbageCollector {
    /** More places blobs are referenced from (for example build cache records). */
    @FunctionalInterface
    public interface Roots {
        Collection<Digest> digests() throws IOException;

        /**
         * Called after the blobs are swept, with the collection lock still held (no writer, no build running):
         * where state derived from blobs (extracted layer directories) goes when its blobs went.
         */
        default void afterSweep() throws IOException {
        }
    }

    /** What a collection removed. */
    public record Report(List<Digest> removed, long bytesFreed) {
    }

    private final Store store;
    private final List<Roots> extraRoots;

    public GarbageCollector(Store store, List<Roots> extraRoots) {
        this.store = store;
        this.extraRoots = List.copyOf(extraRoots);
    }

    /** Removes every unreachable blob. */
    public Report prune() {
        return collect(digest -> true);
    }

    /** Removes the unreachable blobs among {@code candidates} only (what {@code rmi} frees). */
    public Report collect(Set<Digest> candidates) {
        return collect(candidates::contains);
    }

    private Report collect(Predicate<Digest> candidate) {
        try {
            return store.exclusively(() -> {
                Set<Digest> live = mark();
                List<Digest> removed = new java.util.ArrayList<>();
                long freed = 0;
                for (Digest digest : storedBlobs()) {
                    if (!live.contains(digest) && candidate.test(digest)) {
                        Path file = store.paths().blob(digest);
                        long size = Files.size(file);
                        Files.delete(file);
                        Files.deleteIfExists(store.paths().diffIdOf(digest));
                        Files.deleteIfExists(store.paths().blobSources(digest));
                        removed.add(digest);
                        freed += size;
                    }
                }
                clearIngest();
                for (Roots roots : extraRoots) {
                    roots.afterSweep();
                }
                return new Report(List.copyOf(removed), freed);
            });
        } catch (IOException e) {
            throw new LaminaException("cannot collect garbage in " + store.root() + ": " + IoErrors.describe(e), e);
        }
    }

    private Set<Digest> mark() throws IOException {
        Set<Digest> live = new HashSet<>();
        Deque<Descriptor> pending = new ArrayDeque<>();
        for (Descriptor entry : store.indexEntries()) {
            pending.push(entry);
        }
        for (Roots roots : extraRoots) {
            for (Digest digest : roots.digests()) {
                live.add(digest);
                if (store.hasBlob(digest)) {
                    // a cache record may name a manifest: keep what it references too
                    sniff(digest).ifPresent(pending::push);
                }
            }
        }
        Set<Digest> visited = new HashSet<>();
        while (!pending.isEmpty()) {
            Descriptor d = pending.pop();
            live.add(d.digest());
            if (!visited.add(d.digest()) || !store.hasBlob(d.digest())) {
                continue;
            }
            MediaType type = d.mediaType();
            if (!type.isIndex() && !type.isManifest()) {
                if (type.isLayer() || type.isConfig()) {
                    continue;
                }
                Optional<Descriptor> sniffed = sniff(d.digest());
                if (sniffed.isEmpty()) {
                    continue;
                }
                type = sniffed.get().mediaType();
            }
            byte[] bytes = store.readBlob(d.digest());
            if (type.isIndex()) {
                ImageIndex.parse(bytes, "index " + d.digest()).manifests().forEach(pending::push);
            } else if (!type.isSchema1()) {
                Manifest manifest = Manifest.parse(bytes, "manifest " + d.digest());
                live.add(manifest.config().digest());
                manifest.layers().forEach(layer -> live.add(layer.digest()));
                manifest.subject().ifPresent(subject -> live.add(subject.digest()));
            }
        }
        return live;
    }

    /** What a blob of unknown purpose is, when it is a manifest or index. */
    private Optional<Descriptor> sniff(Digest digest) throws IOException {
        long size = store.blobSize(digest).orElse(0L);
        if (size > 4 * 1024 * 1024) {
            return Optional.empty();
        }
        byte[] bytes = store.readBlob(digest);
        return Json.sniffMediaType(bytes)
                .filter(t -> t.isIndex() || t.isManifest())
                .map(t -> new Descriptor(t, digest, bytes.length));
    }

    private List<Digest> storedBlobs() throws IOException {
        List<Digest> digests = new java.util.ArrayList<>();
        if (!Files.isDirectory(store.paths().blobs())) {
            return digests;
        }
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(store.paths().blobs())) {
            for (Path algorithm : algorithms) {
                if (!Files.isDirectory(algorithm)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(algorithm)) {
                    for (Path file : files) {
                        String text = algorithm.getFileName() + ":" + file.getFileName();
                        if (Digest.isValid(text)) {
                            digests.add(Digest.parse(text));
                        }
                    }
                }
            }
        }
        return digests;
    }

    /** Nothing is being ingested while the lock is held exclusively: what is left there is debris. */
    private void clearIngest() throws IOException {
        if (!Files.isDirectory(store.paths().ingest())) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(store.paths().ingest())) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }
}
