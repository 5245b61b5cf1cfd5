package dev.lamina.image.io;

import dev.lamina.image.Digest;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The digest and length of bytes fed in order by one thread. A long stream is hashed on a core of its own when one
 * is spare: past its first MiB, the bytes are copied into a few buffers that a pool thread hashes while the feeding
 * thread goes on reading and writing. Loading a 63 MB layer on two cores spent 58 ms hashing and then 58 ms reading
 * and writing, one after the other, while the second core idled. The copy into the buffers is what it costs, and a
 * feeder that outruns its hasher waits for a buffer, so a stream holds at most {@value #BUFFERS} of them.
 *
 * <p>A core is spare while every long stream in the process can have two (its feeder and its hasher): five layers
 * copied at once on two cores already keep both busy, and there hashing aside only added the copies and hand-overs
 * (10% slower). A stream therefore looks again at every MiB, goes back to hashing where it is fed when others have
 * started meanwhile, and aside again when they are done.
 *
 * <p>No thread waits on a stream between buffers: each batch is hashed by a pool thread that returns to the pool
 * when it has caught up, so a stream abandoned half-way (a failed copy) leaves nothing behind.
 */
public final class StreamHash {
    /** Hashed where fed: a manifest, a config or a small layer is done before a thread could take it. */
    private static final long INLINE = 1 << 20;
    /**
     * A buffer's size, and how often a stream looks again whether a core is spare: each buffer handed over wakes a
     * pool thread, and a wake-up cost ~90 us of the feeder's time on this VM; in 256 KiB buffers those took a fifth
     * of a 63 MB copy, in 1 MiB buffers under a tenth.
     */
    private static final int BUFFER = 1 << 20;
    private static final int BUFFERS = 4;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /**
     * The long streams of the process, each with when it last looked (nanoTime). One that has not looked for this
     * long is no longer counted: finished without {@link #finish}, abandoned, or fed too slowly for its hashing
     * to matter (under 4 MB/s). So nothing has to close a stream for the count to stay true.
     */
    private static final long IDLE = 250_000_000L;
    private static final ConcurrentHashMap<StreamHash, Long> LONG_STREAMS = new ConcurrentHashMap<>();
    private static final Executor HASHERS = hashers();

    private final MessageDigest digest;
    private long count;
    private long nextLook = INLINE;
    private Background background;
    private boolean aside;
    private boolean wentAside;
    private boolean finished;

    /** A SHA-256 from the first byte. */
    public static StreamHash sha256() {
        return new StreamHash(Digest.newSha256(), 0);
    }

    /** Continues {@code digest}, which has already hashed {@code alreadyHashed} bytes. */
    public StreamHash(MessageDigest digest, long alreadyHashed) {
        this.digest = digest;
        this.count = alreadyHashed;
    }

    public void update(int b) throws InterruptedIOException {
        if (aside) {
            background.append(b);
        } else {
            digest.update((byte) b);
        }
        count++;
    }

    public void update(byte[] b, int off, int len) throws InterruptedIOException {
        if (count + len > nextLook) {
            nextLook = count + len + BUFFER;
            lookForSpareCore();
        }
        if (aside) {
            background.append(b, off, len);
        } else {
            digest.update(b, off, len);
        }
        count += len;
    }

    /** Bytes fed so far. */
    public long count() {
        return count;
    }

    /** The digest of everything fed; call once, after the last byte. */
    public byte[] finish() {
        if (finished) {
            throw new IllegalStateException("digest already taken");
        }
        finished = true;
        LONG_STREAMS.remove(this);
        if (aside) {
            background.catchUp();
        }
        return digest.digest();
    }

    /** Whether any of the bytes were hashed on a pool thread (for tests: the path they mean to exercise). */
    boolean wentAside() {
        return wentAside;
    }

    /** The long streams counted now (for tests, which wait for other tests' streams to be forgotten). */
    static int longStreams() {
        long now = System.nanoTime();
        return (int) LONG_STREAMS.values().stream().filter(looked -> now - looked <= IDLE).count();
    }

    /** Hashes aside while every long stream can have two cores (its feeder and its hasher), else where fed. */
    private void lookForSpareCore() {
        long now = System.nanoTime();
        LONG_STREAMS.put(this, now);
        int streams = 0;
        for (Map.Entry<StreamHash, Long> stream : LONG_STREAMS.entrySet()) {
            if (now - stream.getValue() > IDLE) {
                LONG_STREAMS.remove(stream.getKey(), stream.getValue());
            } else {
                streams++;
            }
        }
        boolean spare = streams * 2 <= CORES;
        if (spare && !aside) {
            if (background == null) {
                background = new Background();
            }
            aside = true;
            wentAside = true;
        } else if (!spare && aside) {
            background.catchUp();
        }
    }

    private static Executor hashers() {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "lamina-hash");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A filled buffer to hash, or (with {@code caughtUp}) a mark completed once all before it are hashed. */
    private record Batch(byte[] buffer, int length, CompletableFuture<Void> caughtUp) {
    }

    /** The buffers and the queue between the feeding thread and the pool threads hashing for it. */
    private final class Background {
        private final ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        private final ConcurrentLinkedQueue<Batch> pending = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean hashing = new AtomicBoolean();
        private Throwable failure; // the pool threads' own: each run hands it on with the flag
        private int allocated;
        private byte[] filling;
        private int filled;

        void append(int b) throws InterruptedIOException {
            if (filling == null) {
                filling = takeFree();
            }
            filling[filled++] = (byte) b;
            if (filled == filling.length) {
                handOver();
            }
        }

        void append(byte[] b, int off, int len) throws InterruptedIOException {
            while (len > 0) {
                if (filling == null) {
                    filling = takeFree();
                }
                int n = Math.min(len, filling.length - filled);
                System.arraycopy(b, off, filling, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == filling.length) {
                    handOver();
                }
            }
        }

        /** Waits until everything handed over is hashed; the digest is the feeder's again. */
        void catchUp() {
            if (filled > 0) {
                handOver();
            }
            CompletableFuture<Void> caughtUp = new CompletableFuture<>();
            submit(new Batch(null, 0, caughtUp));
            caughtUp.join();
            aside = false;
        }

        private byte[] takeFree() throws InterruptedIOException {
            if (allocated < BUFFERS) {
                allocated++;
                return new byte[BUFFER];
            }
            try {
                return free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while hashing");
            }
        }

        private void handOver() {
            submit(new Batch(filling, filled, null));
            filling = null;
            filled = 0;
        }

        private void submit(Batch batch) {
            pending.add(batch);
            if (hashing.compareAndSet(false, true)) {
                try {
                    HASHERS.execute(this::hashPending);
                } catch (RuntimeException | OutOfMemoryError e) {
                    hashPending(); // no thread to be had (a process at its limit): the feeder hashes, and nothing hangs
                }
            }
        }

        /** Runs on a pool thread until the queue is empty; the flag hands the digest's state on to the next run. */
        private void hashPending() {
            do {
                for (Batch batch; (batch = pending.poll()) != null; ) {
                    if (batch.caughtUp() != null) {
                        caughtUp(batch.caughtUp());
                    } else {
                        hash(batch);
                    }
                }
                hashing.set(false);
            } while (!pending.isEmpty() && hashing.compareAndSet(false, true));
        }

        /** Every buffer comes back, even after a failure, so that the feeder never waits for one in vain. */
        private void hash(Batch batch) {
            if (failure == null) {
                try {
                    digest.update(batch.buffer(), 0, batch.length());
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
            }
            free.add(batch.buffer());
        }

        private void caughtUp(CompletableFuture<Void> caughtUp) {
            if (failure != null) {
                caughtUp.completeExceptionally(failure);
            } else {
                caughtUp.complete(null);
            }
        }
    }
}
