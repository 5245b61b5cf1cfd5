package dev.lamina.image.store;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.NotFoundException;
import dev.lamina.image.io.IoErrors;
import dev.lamina.image.io.TempNames;
import dev.lamina.image.io.Transfer;
import dev.lamina.image.io.VerifyingInputStream;
import dev.lamina.image.json.ImageIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The content-addressed store: an OCI image layout plus lamina's metadata. Blobs are immutable and named by
 * their digest; {@code index.json} names images. Safe for concurrent threads and processes, and for a
 * {@code kill -9} at any moment: a blob appears only complete and verified, and {@code index.json} is only
 * ever replaced whole.
 */
public final class Store {
    private static final byte[] OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
    private static final long SMALL_BLOB_LIMIT = 64L * 1024 * 1024;
    private static final int MAX_BLOB_SOURCES = 8;

    private final StorePaths paths;
    private final StoreLocks locks;

    private Store(StorePaths paths) {
        this.paths = paths;
        this.locks = StoreLocks.of(paths);
    }

    /** Opens the store at {@code root}, creating an empty layout when there is none. */
    public static Store open(Path root) {
        StorePaths paths = new StorePaths(root);
        try {
            Files.createDirectories(paths.ingest());
            Files.createDirectories(paths.blobs().resolve(Digest.SHA256));
            Store store = new Store(paths);
            if (!Files.exists(paths.ociLayout())) {
                store.writeAtomically(paths.ociLayout(), OCI_LAYOUT);
            }
            if (!Files.exists(paths.indexJson())) {
                store.locks.withIndexLock(() -> {
                    if (!Files.exists(paths.indexJson())) {
                        store.writeAtomically(paths.indexJson(), ImageIndex.of(null, List.of()).toBytes());
                    }
                    return null;
                });
            }
            return store;
        } catch (IOException e) {
            throw new LaminaException("cannot open the store at " + paths.root() + ": " + IoErrors.describe(e), e);
        }
    }

    public StorePaths paths() {
        return paths;
    }

    public Path root() {
        return paths.root();
    }

    // ---- blobs ----

    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(paths.blob(digest));
    }

    public Optional<Long> blobSize(Digest digest) {
        try {
            return Optional.of(Files.size(paths.blob(digest)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a stored blob for reading; the store trusts its own content (it was verified on the way in). */
    public InputStream openBlob(Digest digest) throws IOException {
        try {
            return Files.newInputStream(paths.blob(digest));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("blob " + digest + " is not in the store " + paths.root());
        }
    }

    /** Reads a small blob (a manifest, an index or a config) whole, checking its digest. */
    public byte[] readBlob(Digest digest) throws IOException {
        Optional<Long> size = blobSize(digest);
        if (size.isEmpty()) {
            throw new NotFoundException("blob " + digest + " is not in the store " + paths.root());
        }
        if (size.get() > SMALL_BLOB_LIMIT) {
            throw new LaminaException("blob " + digest + " is too large to read whole (" + size.get() + " bytes)");
        }
        try (InputStream in = new VerifyingInputStream(openBlob(digest), digest, size.get(),
                "stored blob " + digest)) {
            return in.readAllBytes();
        }
    }

    /** Starts writing a blob; see {@link BlobWriter}. The writer holds a GC lease until it is closed. */
    public BlobWriter newBlob() throws IOException {
        Lease lease = lease();
        try {
            return new BlobWriter(this, paths.ingest().resolve(TempNames.unique() + ".tmp"), lease);
        } catch (IOException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Stores the content of {@code in}, verifying it against {@code expected} and {@code expectedSize}
     * (-1: unknown) while it is written. A blob already present is not rewritten; its source is not read.
     */
    public Digest putBlob(InputStream in, Optional<Digest> expected, long expectedSize, String what)
            throws IOException {
        if (expected.isPresent() && hasBlob(expected.get())) {
            return expected.get();
        }
        try (BlobWriter writer = newBlob()) {
            Transfer.copy(in, writer.stream());
            return writer.commit(expected, expectedSize, what);
        }
    }

    public Digest putBytes(byte[] content) throws IOException {
        Digest digest = Digest.sha256(content);
        if (hasBlob(digest)) {
            return digest;
        }
        try (BlobWriter writer = newBlob()) {
            writer.stream().write(content);
            return writer.commit(Optional.of(digest), content.length, "blob " + digest);
        }
    }

    // ---- index ----

    /** The images the store names, as {@code index.json} holds them now. */
    public List<Descriptor> indexEntries() {
        return readIndex().manifests();
    }

    ImageIndex readIndex() {
        try {
            return ImageIndex.parse(Files.readAllBytes(paths.indexJson()), paths.indexJson().toString());
        } catch (NoSuchFileException e) {
            return ImageIndex.of(null, List.of());
        } catch (IOException e) {
            throw new LaminaException("cannot read " + paths.indexJson() + ": " + IoErrors.describe(e), e);
        }
    }

    /**
     * Changes {@code index.json}: under the index lock, reads it, applies {@code change} to its entries and
     * replaces the file atomically. Unknown fields of the index and of its entries are kept.
     */
    public void updateIndex(UnaryOperator<List<Descriptor>> change) {
        try {
            locks.withIndexLock(() -> {
                ImageIndex current = readIndex();
                List<Descriptor> changed = change.apply(current.manifests());
                if (!changed.equals(current.manifests())) {
                    writeAtomically(paths.indexJson(), current.withManifests(changed).toBytes());
                }
                return null;
            });
        } catch (IOException e) {
            throw new LaminaException("cannot update " + paths.indexJson() + ": " + IoErrors.describe(e), e);
        }
    }

    // ---- layer metadata ----

    /** Records that the layer blob {@code blob} holds the uncompressed content {@code diffId}. */
    public void recordDiffId(Digest blob, Digest diffId) {
        try {
            Path forward = paths.diffIdOf(blob);
            if (!Files.exists(forward)) {
                Files.createDirectories(forward.getParent());
                writeAtomically(forward, diffId.toString().getBytes(StandardCharsets.UTF_8));
            }
            Path backward = paths.blobOfDiffId(diffId);
            if (!Files.exists(backward)) {
                Files.createDirectories(backward.getParent());
                writeAtomically(backward, blob.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new LaminaException("cannot record layer metadata in " + paths.root() + ": " + IoErrors.describe(e), e);
        }
    }

    public Optional<Digest> diffIdOf(Digest blob) {
        return readDigestFile(paths.diffIdOf(blob));
    }

    /** A stored blob whose uncompressed content is {@code diffId}, if the store has one. */
    public Optional<Digest> blobOfDiffId(Digest diffId) {
        return readDigestFile(paths.blobOfDiffId(diffId)).filter(this::hasBlob);
    }

    /**
     * Remembers that {@code blob} was pulled from {@code repository} ({@code registry/name}). A push to the
     * same registry can then ask it to mount the blob from there instead of uploading it. Only a hint: the
     * most recent few repositories are kept, and a lost update costs an upload, never correctness.
     */
    public void recordBlobSource(Digest blob, String repository) {
        List<String> known = blobSources(blob);
        if (known.contains(repository)) {
            return;
        }
        List<String> updated = new ArrayList<>(known);
        updated.add(0, repository);
        String content = String.join("\n", updated.subList(0, Math.min(updated.size(), MAX_BLOB_SOURCES))) + "\n";
        try {
            Path file = paths.blobSources(blob);
            Files.createDirectories(file.getParent());
            writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LaminaException("cannot record blob metadata in " + paths.root() + ": " + IoErrors.describe(e), e);
        }
    }

    /** The repositories {@code blob} was pulled from, most recent first; empty when unknown. */
    public List<String> blobSources(Digest blob) {
        try {
            return Files.readAllLines(paths.blobSources(blob), StandardCharsets.UTF_8).stream()
                    .map(String::trim).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            return List.of(); // none recorded, or unreadable: a missing hint costs an upload, nothing more
        }
    }

    private Optional<Digest> readDigestFile(Path file) {
        try {
            return Optional.of(Digest.parse(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | LaminaException e) {
            return Optional.empty(); // a damaged cache entry is a miss, never a failure
        }
    }

    // ---- leases and collection ----

    /**
     * A shared lease: hold one around any work that writes blobs before naming them (a copy, a build), so
     * that a concurrent {@code prune} cannot take them in between.
     */
    public Lease lease() {
        return locks.lease();
    }

    /** Runs {@code action} while no lease is held anywhere: for garbage collection. */
    <T> T exclusively(StoreLocks.IoSupplier<T> action) throws IOException {
        return locks.exclusively(action);
    }

    /** An open lease; closing it twice is harmless. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    // ---- files ----

    /**
     * Writes one of lamina's own metadata files (a path under {@link StorePaths#lamina()}, such as a build cache
     * record) as the store writes its index: whole or not at all, through a synced temporary file and a rename.
     * Missing parent directories are created.
     */
    public void writeMetadata(Path target, byte[] content) throws IOException {
        Path normalized = target.toAbsolutePath().normalize();
        if (!normalized.startsWith(paths.lamina()) || normalized.equals(paths.lamina())) {
            throw new IllegalArgumentException(target + " is not a metadata file of the store " + paths.root());
        }
        Files.createDirectories(normalized.getParent());
        writeAtomically(normalized, content);
    }

    /** Writes {@code content} to {@code target} through a synced temporary file and an atomic rename. */
    void writeAtomically(Path target, byte[] content) throws IOException {
        try (Lease ignored = lease()) { // the temporary file lives in ingest/, which a collection clears
            writeThroughTemp(target, content);
        }
    }

    private void writeThroughTemp(Path target, byte[] content) throws IOException {
        Path temp = paths.ingest().resolve(TempNames.unique() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    /** Makes a rename in {@code dir} durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some filesystems refuse to sync a directory; the rename is still atomic there.
        }
    }

}
