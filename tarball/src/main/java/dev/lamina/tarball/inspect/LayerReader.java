package dev.lamina.tarball.inspect;

import dev.lamina.image.Digest;
import dev.lamina.image.io.DigestingInputStream;
import dev.lamina.tarball.compress.Decompressors;
import dev.lamina.tarball.compress.SizeLimitedInputStream;
import dev.lamina.tarball.layer.LayerNames;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.tar.TarFormatException;
import dev.lamina.tarball.tar.TarReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Reads a layer for inspection without extracting it: one {@link LayerChange} per entry, whiteouts decoded,
 * streaming in bounded memory (content is only read if the caller asks for it, through {@link #content()}).
 * At the end, {@link #diffId()} is the sha256 of the tar read, for comparison with the config.
 */
public final class LayerReader implements Closeable {
    private final InputStream blob;
    private final DigestingInputStream tar;
    private final TarReader reader;
    private final String layer;
    private boolean done;

    private LayerReader(InputStream blob, long maxBytes, String layer) throws IOException {
        this.blob = blob;
        this.layer = layer;
        this.tar = new DigestingInputStream(new SizeLimitedInputStream(Decompressors.openLayer(blob).content(),
                maxBytes, layer));
        this.reader = new TarReader(tar);
    }

    /** Opens a layer blob (plain tar, gzip or zstd); {@code layer} names it in errors. */
    public static LayerReader open(InputStream blob, long maxBytes, String layer) throws IOException {
        return new LayerReader(blob, maxBytes, layer);
    }

    /** The next change, or empty at the end of the layer. */
    public Optional<LayerChange> next() throws IOException {
        if (done) {
            return Optional.empty();
        }
        Optional<TarEntry> next;
        try {
            next = reader.next();
        } catch (TarFormatException | SizeLimitedInputStream.LimitExceededException e) {
            throw new TarFormatException(layer + ": " + e.getMessage());
        }
        if (next.isEmpty()) {
            done = true;
            tar.skip(Long.MAX_VALUE);
            return Optional.empty();
        }
        TarEntry entry = next.get();
        List<String> parts;
        try {
            if (entry.name().startsWith("/")) {
                throw new IllegalArgumentException("an absolute name");
            }
            parts = LayerNames.components(entry.name());
        } catch (IllegalArgumentException e) {
            throw new TarFormatException(layer + ": entry \"" + entry.name() + "\": " + e.getMessage());
        }
        if (parts.isEmpty()) {
            return Optional.of(new LayerChange.Write("", entry));
        }
        String base = parts.get(parts.size() - 1);
        String parent = String.join("/", parts.subList(0, parts.size() - 1));
        if (base.equals(LayerNames.OPAQUE)) {
            return Optional.of(new LayerChange.Opaque(parent));
        }
        if (base.startsWith(LayerNames.WHITEOUT_PREFIX + LayerNames.WHITEOUT_PREFIX)) {
            return next(); // aufs bookkeeping
        }
        if (base.startsWith(LayerNames.WHITEOUT_PREFIX)) {
            String name = base.substring(LayerNames.WHITEOUT_PREFIX.length());
            return Optional.of(new LayerChange.Delete(parent.isEmpty() ? name : parent + "/" + name));
        }
        return Optional.of(new LayerChange.Write(String.join("/", parts), entry));
    }

    /** The content of the current {@link LayerChange.Write} of a regular file. */
    public InputStream content() {
        return reader.content();
    }

    /** The diffID of the layer, once {@link #next()} has returned empty. */
    public Digest diffId() {
        if (!done) {
            throw new IllegalStateException("the layer has not been read to its end");
        }
        return tar.digest();
    }

    /** The uncompressed size read so far. */
    public long size() {
        return tar.count();
    }

    @Override
    public void close() throws IOException {
        blob.close();
    }
}
