package dev.lamina.tarball.inspect;

import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads an image's layers in order, streaming each from its source (nothing is extracted or stored; several
 * layers are read ahead at once by a {@link LayerPipeline}), and applies them to a {@link FileTree}: what each
 * layer adds, changes and deletes, its counts and sizes, and optionally dive's efficiency figures. Every blob is checked against its digest and every tar against the
 * config's diffID as it streams; a mismatch fails the scan naming the layer.
 */
public final class ImageScanner {
    /** The most a layer may decompress to, as {@code unpack} allows by default. */
    public static final long DEFAULT_MAX_LAYER_BYTES = 64L << 30;

    /**
     * @param hashContent keep the sha256 of every regular file (an image-to-image diff compares content)
     * @param trackWaste collect dive's efficiency figures, with this many {@code offenders} listed
     * @param maxLayerBytes refuse a layer that decompresses to more than this
     * @param threads how many layers to read at once (default: one per core)
     */
    public record Options(boolean hashContent, boolean trackWaste, int offenders, long maxLayerBytes, int threads) {
        public static Options defaults() {
            return new Options(false, false, 0, DEFAULT_MAX_LAYER_BYTES, Runtime.getRuntime().availableProcessors());
        }

        public Options withContentDigests() {
            return new Options(true, trackWaste, offenders, maxLayerBytes, threads);
        }

        public Options withEfficiency(int topOffenders) {
            return new Options(hashContent, true, topOffenders, maxLayerBytes, threads);
        }

        public Options withMaxLayerBytes(long value) {
            return new Options(hashContent, trackWaste, offenders, value, threads);
        }

        public Options withThreads(int value) {
            return new Options(hashContent, trackWaste, offenders, maxLayerBytes, value);
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
        List<LayerSummary> summaries = apply(image, 0, layers, tree, waste.orElse(null), options, listener);
        return new Result(tree, summaries, waste.map(w -> w.result(tree, summaries, options.offenders())));
    }

    /**
     * The final filesystems of two images, as {@link ImageDifference} compares them. The layers both start with
     * (the same blobs in the same places, as two builds on one base have) are read once; the rest of each image
     * is read on threads of its own.
     */
    public static List<FileTree> scanPair(LayeredImage before, LayeredImage after, Options options) throws IOException {
        int common = 0;
        while (common < before.layers().size() && common < after.layers().size()
                && sameLayer(before.layers().get(common), after.layers().get(common))) {
            common++;
        }
        FileTree first = new FileTree(options.hashContent());
        apply(before, 0, common, first, null, options, Listener.NONE);
        FileTree second = first.copy();
        int shared = common;
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "lamina-scan");
            thread.setDaemon(true);
            return thread;
        });
        try {
            // each suffix gets half the readers: together they keep the cores busy
            Options half = options.withThreads(Math.max(1, options.threads() / 2));
            Future<?> other = pool.submit(() -> apply(after, shared, after.layers().size(), second, null, half,
                    Listener.NONE));
            apply(before, shared, before.layers().size(), first, null, half, Listener.NONE);
            other.get();
            return List.of(first, second);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading layers");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean sameLayer(ImageLayer a, ImageLayer b) {
        return a.descriptor().digest().equals(b.descriptor().digest()) && a.diffId().equals(b.diffId());
    }

    /** Applies layers {@code from} to {@code to} of {@code image} to {@code tree}, reading ahead. */
    private static List<LayerSummary> apply(LayeredImage image, int from, int to, FileTree tree, WastedSpace waste,
            Options options, Listener listener) throws IOException {
        List<ImageLayer> layers = image.layers().subList(from, to);
        List<LayerSummary> summaries = new ArrayList<>();
        try (LayerPipeline pipeline = new LayerPipeline(image, layers, options.threads(), options.hashContent(),
                options.maxLayerBytes())) {
            for (ImageLayer layer : layers) {
                listener.layerStarted(layer);
                LayerScan scan = new LayerScan(layer, tree, waste, listener);
                long tarSize = pipeline.drain(scan);
                LayerSummary summary = scan.summary(tarSize);
                summaries.add(summary);
                listener.layerFinished(summary);
            }
        }
        return summaries;
    }

    /**
     * Each layer's {@link LayerSummary#size} alone (what {@code history} shows): no filesystem is built, so the
     * layers are read as fast as the pipeline goes.
     */
    public static List<Long> sizes(LayeredImage image, Options options) throws IOException {
        List<Long> sizes = new ArrayList<>();
        try (LayerPipeline pipeline = new LayerPipeline(image, image.layers(), options.threads(), false,
                options.maxLayerBytes())) {
            for (int i = 0; i < image.layers().size(); i++) {
                long[] total = {0};
                pipeline.drain(read -> {
                    if (read.change() instanceof LayerChange.Write w) {
                        total[0] += contentSize(w.entry());
                    }
                });
                sizes.add(total[0]);
            }
        }
        return sizes;
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }

    /** What a layer adds to a disk for Docker: a regular file's content, a symlink's target; nothing else. */
    static long contentSize(TarEntry entry) {
        return switch (entry.type()) {
            case REGULAR -> entry.size();
            case SYMLINK -> FileTree.symlinkSize(entry);
            default -> 0;
        };
    }

    /** Applies one layer's changes to the tree, counting and reporting them. */
    private static final class LayerScan implements FileTree.Listener, LayerPipeline.Sink {
        private final ImageLayer layer;
        private final int index;
        private final FileTree tree;
        private final WastedSpace waste;
        private final Listener listener;
        private long size;
        private int entries;
        private int added;
        private int modified;
        private int deleted;
        private int whiteouts;
        private int opaqueDirs;

        LayerScan(ImageLayer layer, FileTree tree, WastedSpace waste, Listener listener) {
            this.layer = layer;
            this.index = layer.index();
            this.tree = tree;
            this.waste = waste;
            this.listener = listener;
        }

        LayerSummary summary(long tarSize) {
            return new LayerSummary(layer, tarSize, size, entries, added, modified, deleted, whiteouts, opaqueDirs);
        }

        @Override
        public void accept(LayerPipeline.Read read) {
            entries++;
            LayerChange change = read.change();
            if (change instanceof LayerChange.Write w) {
                write(w, read.digest());
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

        private void write(LayerChange.Write w, byte[] digest) {
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
            tree.write(id, entry, index, digest, this);
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
