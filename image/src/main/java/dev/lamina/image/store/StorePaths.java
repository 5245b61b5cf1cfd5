package dev.lamina.image.store;

import dev.lamina.image.Digest;
import java.nio.file.Path;

/**
 * The one place that knows where things are in a store. The root is a plain OCI image layout; lamina's
 * own state lives under {@code lamina/} beside it, where OCI tools ignore it.
 */
public record StorePaths(Path root) {
    public StorePaths {
        root = root.toAbsolutePath().normalize();
    }

    public Path ociLayout() {
        return root.resolve("oci-layout");
    }

    public Path indexJson() {
        return root.resolve("index.json");
    }

    public Path blobs() {
        return root.resolve("blobs");
    }

    public Path blob(Digest digest) {
        return blobs().resolve(digest.algorithm()).resolve(digest.hex());
    }

    public Path lamina() {
        return root.resolve("lamina");
    }

    /** Temporary files of blobs being written: same filesystem as {@link #blobs()}, so rename is atomic. */
    public Path ingest() {
        return lamina().resolve("ingest");
    }

    /**
     * The root file systems of running {@code lamina run} commands, one directory each, named by the pid of the
     * lamina that owns it so that one killed before it could clean up is found and removed later.
     */
    public Path runRoots() {
        return lamina().resolve("run");
    }

    /** Held exclusively while {@code index.json} is rewritten. */
    public Path indexLock() {
        return lamina().resolve("index.lock");
    }

    /** Held shared by every writer and exclusively by garbage collection. */
    public Path gcLock() {
        return lamina().resolve("gc.lock");
    }

    /** Per compressed layer blob: the digest of its uncompressed content (its diffID). */
    public Path diffIdOf(Digest blob) {
        return lamina().resolve("diffid").resolve(blob.algorithm()).resolve(blob.hex());
    }

    /** Per diffID: a compressed blob in this store holding that content. */
    public Path blobOfDiffId(Digest diffId) {
        return lamina().resolve("layer").resolve(diffId.algorithm()).resolve(diffId.hex());
    }

    /** Per blob: the repositories ({@code registry/name}) it was pulled from, so a push can mount it. */
    public Path blobSources(Digest blob) {
        return lamina().resolve("sources").resolve(blob.algorithm()).resolve(blob.hex());
    }

    /** The build cache: one small file per cache key. */
    public Path cache() {
        return lamina().resolve("cache");
    }

    /** Extracted layer directories, by chain ID, shared by builds. */
    public Path snapshots() {
        return lamina().resolve("snapshots");
    }
}
