package dev.lamina.tarball.inspect;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.io.VerifyingInputStream;
import dev.lamina.tarball.tar.EntryType;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.ZipException;

/**
 * Reads layers ahead on other threads while one caller takes their changes in layer order: each layer is
 * decompressed, checked (blob digest, diffID), parsed and, when asked, its files hashed by a thread of its own
 * (up to {@code threads} layers at once), and handed over in batches through a small bounded queue, so memory stays
 * bounded however large the layers are. Decompressing and hashing is most of the work of inspecting an image;
 * applying changes to a {@link FileTree} is little, so the layers of an image are read about as fast as the
 * machine's cores allow.
 */
final class LayerPipeline implements AutoCloseable {
    private static final int BATCH = 256;
    private static final int QUEUED_BATCHES = 8;
    private static final int BUFFER = 1 << 16;

    /** A change as read, with the sha256 of a regular file's content when the pipeline hashes content. */
    record Read(LayerChange change, byte[] digest) {
    }

    /** Receives one layer's changes in order. */
    @FunctionalInterface
    interface Sink {
        void accept(Read read) throws IOException;
    }

    /** A run of changes; the last of a layer carries its tar size (or what went wrong). */
    private record Batch(List<Read> reads, long tarSize, Throwable failure) {
        boolean last() {
            return tarSize >= 0 || failure != null;
        }
    }

    private final LayeredImage image;
    private final List<ImageLayer> layers;
    private final List<BlockingQueue<Batch>> queues = new ArrayList<>();
    private final ExecutorService pool;
    private volatile boolean closed;
    private int next;

    /** Starts reading {@code layers} of {@code image}, at most {@code threads} at a time, in order. */
    LayerPipeline(LayeredImage image, List<ImageLayer> layers, int threads, boolean hashContent, long maxBytes) {
        this.image = image;
        this.layers = List.copyOf(layers);
        this.pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, Math.max(1, layers.size()))), r -> {
            Thread thread = new Thread(r, "lamina-layer-reader");
            thread.setDaemon(true);
            return thread;
        });
        for (ImageLayer layer : this.layers) {
            BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
            queues.add(queue);
            pool.execute(() -> read(layer, queue, hashContent, maxBytes));
        }
    }

    /** Gives the next layer's changes to {@code sink}, in the order of its tar; returns the layer's tar size. */
    long drain(Sink sink) throws IOException {
        BlockingQueue<Batch> queue = queues.get(next);
        queues.set(next++, null);
        while (true) {
            Batch batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading layers");
            }
            if (batch.failure() instanceof IOException io) {
                throw io;
            }
            if (batch.failure() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (batch.failure() instanceof Error error) {
                throw error; // such as running out of heap
            }
            for (Read read : batch.reads()) {
                sink.accept(read);
            }
            if (batch.last()) {
                return batch.tarSize();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
    }

    private void read(ImageLayer layer, BlockingQueue<Batch> queue, boolean hashContent, long maxBytes) {
        try {
            List<Read> reads = new ArrayList<>(BATCH);
            long tarSize = read(layer, hashContent, maxBytes, read -> {
                reads.add(read);
                if (reads.size() == BATCH) {
                    put(queue, new Batch(List.copyOf(reads), -1, null));
                    reads.clear();
                }
            });
            put(queue, new Batch(List.copyOf(reads), tarSize, null));
        } catch (IOException | RuntimeException | Error e) {
            if (closed) {
                return; // nobody is waiting for this layer any more
            }
            try {
                put(queue, new Batch(List.of(), -1, e)); // a timeout too: only closing interrupts a reader
            } catch (InterruptedIOException interrupted) {
                // closed while failing
            }
        }
    }

    private static void put(BlockingQueue<Batch> queue, Batch batch) throws InterruptedIOException {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            throw new InterruptedIOException("closed");
        }
    }

    /** Streams one layer through {@code sink}, checking its blob digest and its diffID. Returns the tar size. */
    private long read(ImageLayer layer, boolean hashContent, long maxBytes, Sink sink) throws IOException {
        Descriptor blob = layer.descriptor();
        String what = "layer " + (layer.index() + 1) + " (" + blob.digest() + ") of " + image.source().description();
        MessageDigest hasher = hashContent ? Digest.newSha256() : null;
        byte[] buffer = hashContent ? new byte[BUFFER] : null;
        try (VerifyingInputStream in = new VerifyingInputStream(image.source().openBlob(blob, 0), blob.digest(),
                blob.size(), what); LayerReader reader = LayerReader.open(in, maxBytes, what)) {
            for (Optional<LayerChange> change = reader.next(); change.isPresent(); change = reader.next()) {
                byte[] digest = null;
                if (hasher != null && change.get() instanceof LayerChange.Write w
                        && w.entry().type() == EntryType.REGULAR) {
                    hasher.reset();
                    InputStream content = reader.content();
                    for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                        hasher.update(buffer, 0, n);
                    }
                    digest = hasher.digest();
                }
                sink.accept(new Read(change.get(), digest));
            }
            in.drain();
            Digest diffId = reader.diffId();
            if (!diffId.equals(layer.diffId())) {
                throw new LaminaException(what + ": its content is " + diffId + ", but the config's diff_id is "
                        + layer.diffId());
            }
            return reader.size();
        } catch (ZipException e) {
            throw new LaminaException(what + ": " + e.getMessage());
        } catch (EOFException e) {
            throw new LaminaException(what + ": truncated");
        }
    }
}
