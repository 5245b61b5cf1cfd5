package dev.lamina.image.store;

import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.io.DigestMismatchException;
import dev.lamina.image.io.DigestingOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Writes one blob into the store: bytes go to a temporary file in the store while they are hashed;
 * {@link #commit} checks the digest (and size) when one was expected, syncs the file and renames it to
 * its content address. Closing without committing deletes the temporary file. The blob is therefore
 * either absent or complete under {@code blobs/}, whenever the process dies.
 */
public final class BlobWriter implements AutoCloseable {
    private final Store store;
    private final Path temp;
    private final FileChannel channel;
    private final DigestingOutputStream stream;
    private final Store.Lease lease;
    private boolean done;

    BlobWriter(Store store, Path temp, Store.Lease lease) throws IOException {
        this.store = store;
        this.temp = temp;
        this.lease = lease;
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.stream = new DigestingOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
    }

    /** Where to write the content. Do not close it; commit or close this writer instead. */
    public OutputStream stream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                stream.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                stream.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                stream.flush();
            }
        };
    }

    /** Bytes written so far. */
    public long size() {
        return stream.count();
    }

    /**
     * Finishes the blob. With an expected digest (and a size, or -1), content that differs is refused with
     * {@link DigestMismatchException} and nothing is stored. Returns the blob's digest.
     */
    public Digest commit(Optional<Digest> expected, long expectedSize, String what) throws IOException {
        if (done) {
            throw new IllegalStateException("blob already committed or closed");
        }
        stream.flush();
        Digest actual = stream.digest();
        long size = stream.count();
        try {
            if (expectedSize >= 0 && size != expectedSize) {
                throw new DigestMismatchException(what + ": size mismatch: expected " + expectedSize + " bytes, got "
                        + size);
            }
            if (expected.isPresent() && !expected.get().equals(actual)) {
                throw new DigestMismatchException(what + ": digest mismatch: expected " + expected.get() + ", got "
                        + actual);
            }
            channel.force(true);
            channel.close();
            Path target = store.paths().blob(actual);
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                Store.syncDirectory(target.getParent());
            }
            return actual;
        } finally {
            close();
        }
    }

    public Digest commit() throws IOException {
        return commit(Optional.empty(), -1, "blob");
    }

    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new LaminaException("cannot remove temporary file " + temp + ": " + e.getMessage(), e);
        } finally {
            lease.close();
        }
    }
}
