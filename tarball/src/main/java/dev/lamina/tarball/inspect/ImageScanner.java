package dev.lamina.tarball.inspect;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.io.VerifyingInputStream;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads an image's layers in order, streaming each from its source (nothing is extracted or stored), and
 * applies them to a {@link FileTree}: what each layer adds, changes and deletes, its counts and sizes, and
 * optionally dive's efficiency figures. Every blob is checked against its digest and every tar against the
 * config's diffID as it streams; a mismatch fails the scan naming the layer.
 */
public final class ImageScanner {
    /** The most a layer may decompress to, as {@code unpack} allows by default. */
    public static final long DEFAULT_MAX_LAYER_BYTES = 64L << 30;
    private static final int BUFFER = 1 << 16;

    /**
     * @param hashContent keep the sha256 of every regular file (an image-to-image diff compares content)
     * @param trackWaste collect dive's efficiency figures, with this many {@code offenders} listed
     * @param maxLayerBytes refuse a layer that decompresses to more than this
     */
    public record Options(boolean hashContent, boolean trackWaste, int offenders, long maxLayerBytes) {
        public static Options defaults() {
            return new Options(false, false, 0, DEFAULT_MAX_LAYER_BYTES);
        }

        public Options withContentDigests() {
            return new Options(true, trackWaste, offenders, maxLayerBytes);
        }

        public Options withEfficiency(int topOffenders) {
            return new Options(hashContent, true, topOffenders, maxLayerBytes);
        }

        public Options withMaxLayerBytes(long value) {
            return new Options(hashContent, trackWaste, offenders, value);
        }
    }

    /** Hears what the scan finds, layer by layer, as it streams. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void layerStarted(ImageLayer layer) {
        }

        /** One path the layer added, changed or deleted, in the order of the layer's tar. */
        default void change(ImageLayer layer, Change change) {
        }

        default void layerFinished(LayerSummary summary) {
        }
    }

    /** The filesystem the layers read make, what each layer did, and the efficiency figures when asked. */
    public record Result(FileTree tree, List<LayerSummary> layers, Optional<Efficiency> efficiency) {
        public Result {
            layers = List.copyOf(layers);
        }
    }

    private ImageScanner() {
    }

    /** Reads every layer of {@code image}. */
    public static Result scan(LayeredImage image, Options options, Listener listener) throws IOException {
        return scan(image, image.layers().size(), options, listener);
    }

    /** Reads the first {@code layers} layers of {@code image} (the rest are not even opened). */
    public static Result scan(LayeredImage image, int layers, Options options, Listener listener) throws IOException {
        FileTree tree = new FileTree(options.hashContent());
        Optional<WastedSpace> waste = options.trackWaste() ? Optional.of(new WastedSpace()) : Optional.empty();
        List<LayerSummary> summaries = new ArrayList<>();
        for (ImageLayer layer : image.layers().subList(0, layers)) {
            listener.layerStarted(layer);
            LayerScan scan = new LayerScan(layer, tree, waste.orElse(null), options.hashContent(), listener);
            long tarSize = read(image, layer, options.maxLayerBytes(), scan);
            LayerSummary summary = scan.summary(tarSize);
            summaries.add(summary);
            listener.layerFinished(summary);
        }
        return new Result(tree, summaries, waste.map(w -> w.result(tree, summaries, options.offenders())));
    }

    /**
     * Each layer's {@link LayerSummary#size} alone (what {@code history} shows), reading up to {@code threads}
     * layers at once since no filesystem is built.
     */
    public static List<Long> sizes(LayeredImage image, int threads, long maxLayerBytes) throws IOException {
        List<ImageLayer> layers = image.layers();
        if (layers.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, layers.size())), r -> {
            Thread thread = new Thread(r, "lamina-layer-size");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Long>> sizes = new ArrayList<>();
            for (ImageLayer layer : layers) {
                sizes.add(pool.submit(() -> {
                    long[] total = {0};
                    read(image, layer, maxLayerBytes, (change, reader) -> {
                        if (change instanceof LayerChange.Write w) {
                            total[0] += contentSize(w.entry());
                        }
                    });
                    return total[0];
                }));
            }
            List<Long> result = new ArrayList<>();
            for (Future<Long> size : sizes) {
                result.add(size.get());
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading layers");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a layer adds to a disk for Docker: a regular file's content, a symlink's target; nothing else. */
    static long contentSize(TarEntry entry) {
        return switch (entry.type()) {
            case REGULAR -> entry.size();
            case SYMLINK -> FileTree.symlinkSize(entry);
            default -> 0;
        };
    }

    /** Receives each change of a layer while its reader is positioned on it (so content can be read). */
    @FunctionalInterface
    private interface ChangeSink {
        void accept(LayerChange change, LayerReader reader) throws IOException;
    }

    /** Streams one layer through {@code sink}, checking its blob digest and its diffID. Returns the tar size. */
    private static long read(LayeredImage image, ImageLayer layer, long maxBytes, ChangeSink sink) throws IOException {
        Descriptor blob = layer.descriptor();
        String what = "layer " + (layer.index() + 1) + " (" + blob.digest() + ") of " + image.source().description();
        try (VerifyingInputStream in = new VerifyingInputStream(image.source().openBlob(blob, 0), blob.digest(),
                blob.size(), what); LayerReader reader = LayerReader.open(in, maxBytes, what)) {
            for (Optional<LayerChange> change = reader.next(); change.isPresent(); change = reader.next()) {
                sink.accept(change.get(), reader);
            }
            in.drain();
            Digest diffId = reader.diffId();
            if (!diffId.equals(layer.diffId())) {
                throw new LaminaException(what + ": its content is " + diffId + ", but the config's diff_id is "
                        + layer.diffId());
            }
            return reader.size();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new LaminaException(what + ": " + (e instanceof java.io.EOFException ? "truncated" : e.getMessage()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Applies one layer's changes to the tree, counting and reporting them. */
    private static final class LayerScan implements FileTree.Listener, ChangeSink {
        private final ImageLayer layer;
        private final int index;
        private final FileTree tree;
        private final WastedSpace waste;
        private final MessageDigest hasher;
        private final Listener listener;
        private final byte[] buffer;
        private long size;
        private int entries;
        private int added;
        private int modified;
        private int deleted;
        private int whiteouts;
        private int opaqueDirs;

        LayerScan(ImageLayer layer, FileTree tree, WastedSpace waste, boolean hashContent, Listener listener) {
            this.layer = layer;
            this.index = layer.index();
            this.tree = tree;
            this.waste = waste;
            this.hasher = hashContent ? Digest.newSha256() : null;
            this.buffer = hashContent ? new byte[BUFFER] : null;
            this.listener = listener;
        }

        LayerSummary summary(long tarSize) {
            return new LayerSummary(layer, tarSize, size, entries, added, modified, deleted, whiteouts, opaqueDirs);
        }

        @Override
        public void accept(LayerChange change, LayerReader reader) throws IOException {
            entries++;
            if (change instanceof LayerChange.Write w) {
                write(w, reader);
            } else if (change instanceof LayerChange.Delete d) {
                whiteouts++;
                tree.find(d.path()).ifPresent(id -> tree.hideLower(id, index, this));
            } else {
                opaqueDirs++;
                int id = tree.node(change.path(), index, this);
                tree.ensureDirectory(id, index, this);
                tree.hideLowerChildren(id, index, this);
            }
        }

        private void write(LayerChange.Write w, LayerReader reader) throws IOException {
            TarEntry entry = w.entry();
            long entrySize = contentSize(entry);
            size += entrySize;
            if (w.path().isEmpty()) {
                tree.writeRoot(entry);
                return;
            }
            int id = tree.node(w.path(), index, this);
            boolean existed = tree.present(id);
            boolean directory = entry.type() == EntryType.DIRECTORY;
            if (waste != null && existed && directory && !tree.isDirectory(id)) {
                waste.record(id, 0); // a file replaced by a directory is a file deleted
            }
            tree.write(id, entry, index, digest(entry, reader), this);
            if (waste != null && !directory) {
                waste.record(id, entrySize);
            }
            if (existed) {
                modified++;
            } else {
                added++;
            }
            listener.change(layer, new Change(existed ? Change.Kind.CHANGED : Change.Kind.ADDED, w.path(),
                    entry.type(), tree.size(id)));
        }

        private byte[] digest(TarEntry entry, LayerReader reader) throws IOException {
            if (hasher == null || entry.type() != EntryType.REGULAR) {
                return null;
            }
            hasher.reset();
            InputStream content = reader.content();
            for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                hasher.update(buffer, 0, n);
            }
            return hasher.digest();
        }

        @Override
        public void implied(int id) {
            added++;
            listener.change(layer, new Change(Change.Kind.ADDED, tree.path(id), EntryType.DIRECTORY, 0));
        }

        @Override
        public void removing(int id) {
            deleted++;
            if (waste != null && tree.type(id) != EntryType.DIRECTORY) {
                waste.record(id, 0);
            }
        }

        @Override
        public void removed(int top, EntryType type, long bytes) {
            listener.change(layer, new Change(Change.Kind.DELETED, tree.path(top), type, bytes));
        }
    }
}
