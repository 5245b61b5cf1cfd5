package dev.lamina.image.store;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's two locks, across threads and processes. A JVM may hold only one {@link FileLock} per file,
 * so each lock is a Java lock (between this JVM's threads) wrapped around one file lock (between
 * processes):
 * <ul>
 *   <li>the index lock, exclusive, held while {@code index.json} is read, changed and replaced;</li>
 *   <li>the GC lock: every writer holds a shared lease while it adds blobs that nothing references yet,
 *       and garbage collection holds it exclusively, so it never deletes a blob on its way to a tag.</li>
 * </ul>
 * File locks die with their process, so a killed lamina never leaves the store locked.
 */
final class StoreLocks {
    private static final ConcurrentHashMap<Path, StoreLocks> BY_ROOT = new ConcurrentHashMap<>();

    private final StorePaths paths;
    private final ReentrantLock indexLock = new ReentrantLock();
    private final Object gcMonitor = new Object();
    private int leases;
    private boolean collecting;
    private FileChannel leaseChannel;
    private FileLock leaseFileLock;

    private StoreLocks(StorePaths paths) {
        this.paths = paths;
    }

    static StoreLocks of(StorePaths paths) {
        return BY_ROOT.computeIfAbsent(paths.root(), root -> new StoreLocks(paths));
    }

    /** Runs {@code action} holding the index lock. */
    <T> T withIndexLock(IoSupplier<T> action) throws IOException {
        indexLock.lock();
        try (FileChannel channel = open(paths.indexLock());
             FileLock ignored = channel.lock()) {
            return action.get();
        } finally {
            indexLock.unlock();
        }
    }

    /** A shared GC lease: blobs written while it is open survive a concurrent prune. Close to release. */
    Lease lease() {
        synchronized (gcMonitor) {
            // Readers join an existing lease even while a collection waits, so nested leases cannot deadlock.
            while (collecting && leases == 0) {
                awaitUninterruptibly();
            }
            if (leases == 0) {
                try {
                    leaseChannel = open(paths.gcLock());
                    leaseFileLock = leaseChannel.lock(0, Long.MAX_VALUE, true);
                } catch (IOException e) {
                    closeQuietly(leaseChannel);
                    throw new UncheckedIOException("cannot lock the store " + paths.root(), e);
                }
            }
            leases++;
        }
        return new Lease();
    }

    /** Runs {@code action} with the GC lock held exclusively: no writer is between ingest and tag. */
    <T> T exclusively(IoSupplier<T> action) throws IOException {
        synchronized (gcMonitor) {
            while (collecting) {
                awaitUninterruptibly();
            }
            collecting = true;
            while (leases > 0) {
                awaitUninterruptibly();
            }
        }
        try (FileChannel channel = open(paths.gcLock());
             FileLock ignored = channel.lock()) {
            return action.get();
        } finally {
            synchronized (gcMonitor) {
                collecting = false;
                gcMonitor.notifyAll();
            }
        }
    }

    private void release() {
        synchronized (gcMonitor) {
            leases--;
            if (leases == 0) {
                try {
                    leaseFileLock.release();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release the store lock " + paths.gcLock(), e);
                } finally {
                    closeQuietly(leaseChannel);
                    leaseFileLock = null;
                    leaseChannel = null;
                    gcMonitor.notifyAll();
                }
            }
        }
    }

    private void awaitUninterruptibly() {
        try {
            gcMonitor.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaminaException("interrupted while waiting for the store lock");
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock dies with the channel either way
            }
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** An open shared lease on the store; reentrant across threads of one JVM. */
    final class Lease implements Store.Lease {
        private boolean closed;

        private Lease() {
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release();
            }
        }
    }

    @FunctionalInterface
    interface IoSupplier<T> {
        T get() throws IOException;
    }
}
