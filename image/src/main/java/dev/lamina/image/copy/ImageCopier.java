package dev.lamina.image.copy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import dev.lamina.image.Platform;
import dev.lamina.image.io.DigestMismatchException;
import dev.lamina.image.json.ImageIndex;
import dev.lamina.image.json.Json;
import dev.lamina.image.json.Manifest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one copy engine. Every move of an image (save, load, pull, push, copy, build output) is
 * {@link #copy}: blobs the destination lacks are moved in parallel, each verified by the destination as it
 * is written; manifests follow their blobs, an index follows its manifests, and names come last.
 */
public final class ImageCopier {

    /** What a copy did. {@code topLevel} is what was named: the source's, or the platform's manifest. */
    public record CopyResult(Descriptor topLevel, int blobsCopied, int blobsSkipped, long bytesCopied) {
    }

    private ImageCopier() {
    }

    /** Copies the image {@code name} picks in {@code source} (or its only image) to {@code destination}. */
    public static CopyResult copy(ImageSource source, Optional<String> name, ImageDestination destination,
            CopyOptions options) throws IOException {
        return copy(source, source.resolve(name), destination, options);
    }

    public static CopyResult copy(ImageSource source, Descriptor topLevel, ImageDestination destination,
            CopyOptions options) throws IOException {
        Run run = new Run(source, destination, options);
        Descriptor result = run.copyNode(topLevel, 0);
        for (String tag : options.tags()) {
            destination.tag(result, tag);
        }
        return new CopyResult(result, run.copied.get(), run.skipped.get(), run.bytes.get());
    }

    /** The state of one copy. */
    private static final class Run {
        private static final int MAX_DEPTH = 8;

        private final ImageSource source;
        private final ImageDestination destination;
        private final CopyOptions options;
        private final AtomicInteger copied = new AtomicInteger();
        private final AtomicInteger skipped = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();

        Run(ImageSource source, ImageDestination destination, CopyOptions options) {
            this.source = source;
            this.destination = destination;
            this.options = options;
        }

        Descriptor copyNode(Descriptor node, int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw new LaminaException("indexes nested more than " + MAX_DEPTH + " deep in "
                        + source.description());
            }
            byte[] bytes = readVerified(node);
            MediaType type = effectiveType(node, bytes);
            if (type.isSchema1()) {
                Manifest.parse(bytes, "manifest " + node.digest() + " in " + source.description()); // throws
            }
            if (type.isIndex()) {
                if (options.platform().isPresent() || !destination.acceptsIndex()) {
                    Platform platform = options.platform().orElse(Platform.host());
                    Descriptor chosen = new ImageResolver(source).manifestFor(node.withMediaType(type), platform);
                    return copyNode(chosen, depth + 1);
                }
                ImageIndex index = ImageIndex.parse(bytes, "index " + node.digest() + " in " + source.description());
                for (Descriptor child : index.manifests()) {
                    copyNode(child, depth + 1);
                }
                destination.putManifest(node, bytes);
                options.listener().manifestWritten(node);
                return node;
            }
            if (!type.isManifest()) {
                throw new LaminaException("cannot copy " + node.digest() + " from " + source.description()
                        + ": unsupported media type " + type);
            }
            Manifest manifest = Manifest.parse(bytes, "manifest " + node.digest() + " in " + source.description());
            List<Descriptor> blobs = new ArrayList<>();
            blobs.add(manifest.config());
            blobs.addAll(manifest.layers());
            copyBlobs(blobs);
            destination.putManifest(node, bytes);
            options.listener().manifestWritten(node);
            return node;
        }

        private byte[] readVerified(Descriptor node) throws IOException {
            byte[] bytes = source.readManifest(node);
            Digest actual = Digest.sha256(bytes);
            if (!actual.equals(node.digest()) && node.digest().algorithm().equals(Digest.SHA256)) {
                throw new DigestMismatchException("manifest " + node.digest() + " in " + source.description()
                        + ": digest mismatch: got " + actual);
            }
            return bytes;
        }

        /** The descriptor's type, unless it names no manifest type; then what the bytes declare. */
        private static MediaType effectiveType(Descriptor node, byte[] bytes) {
            MediaType declared = node.mediaType();
            if (declared.isIndex() || declared.isSchema1()) {
                return declared;
            }
            Optional<MediaType> sniffed = Json.sniffMediaType(bytes);
            if (sniffed.isPresent() && (sniffed.get().isIndex() || sniffed.get().isSchema1())) {
                return sniffed.get();
            }
            return declared.isManifest() ? declared : sniffed.orElse(declared);
        }

        private void copyBlobs(List<Descriptor> blobs) throws IOException {
            Map<Digest, Descriptor> unique = new LinkedHashMap<>();
            for (Descriptor blob : blobs) {
                unique.putIfAbsent(blob.digest(), blob);
            }
            int threads = Math.max(1, Math.min(Math.min(options.parallelism(), destination.maxParallelBlobs()),
                    unique.size()));
            if (threads == 1) {
                for (Descriptor blob : unique.values()) {
                    copyBlob(blob);
                }
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "lamina-copy");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Descriptor blob : unique.values()) {
                    futures.add(pool.submit(() -> {
                        try {
                            copyBlob(blob);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    await(future);
                }
            } finally {
                pool.shutdownNow();
                // A failed copy returns only once its other transfers have stopped: otherwise one still running
                // writes into a destination the caller is already closing (a docker-archive's spool directory).
                try {
                    pool.awaitTermination(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void copyBlob(Descriptor blob) throws IOException {
            if (destination.hasBlob(blob)) {
                skipped.incrementAndGet();
                options.listener().blobSkipped(blob);
                return;
            }
            options.listener().blobStarted(blob);
            destination.putBlob(blob, () -> new Progress(source.openBlob(blob, 0), blob));
            copied.incrementAndGet();
            options.listener().blobDone(blob);
        }

        private static void await(Future<?> future) throws IOException {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaminaException("interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IOException(cause);
            }
        }

        /** Reports bytes as they pass to the destination. */
        private final class Progress extends FilterInputStream {
            private final Descriptor blob;

            Progress(InputStream in, Descriptor blob) {
                super(in);
                this.blob = blob;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    moved(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    moved(n);
                }
                return n;
            }

            private void moved(long n) {
                bytes.addAndGet(n);
                options.listener().blobProgress(blob, n);
            }
        }
    }
}
