package dev.lamina.tarball.layer;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.io.DigestingOutputStream;
import dev.lamina.tarball.compress.Compressors;
import dev.lamina.tarball.fs.FileStat;
import dev.lamina.tarball.fs.FileSystemOps;
import dev.lamina.tarball.fs.HostFileSystem;
import dev.lamina.tarball.io.Streams;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.tar.TarWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes one layer in a single pass: entries go through the tar writer, a hasher (the diffID), the compressor
 * and the sink (which hashes the compressed bytes), so that when {@link #finish} returns the diffID, digest,
 * size and media type are all known and nothing was read twice.
 *
 * <p>Entries come from the caller (a COPY streaming its sources, the snapshotter streaming a diff: they choose
 * the order) or from disk ({@link #addPath}, {@link #addTree}, which walk in sorted order, write each
 * hardlinked file once and link the rest to it, and skip sockets). Names are normalised as Docker writes them.
 * With a source date epoch, times are clamped and owner names dropped.
 */
public final class LayerWriter implements AutoCloseable {
    private final LayerSink sink;
    private final LayerOptions options;
    private final FileSystemOps fs;
    private final DigestingOutputStream uncompressed;
    private final OutputStream compressor;
    private final BufferedOutputStream buffer;
    private final TarWriter tar;
    private final Map<FileKey, String> linkTargets = new HashMap<>();
    private boolean finished;

    private LayerWriter(LayerSink sink, LayerOptions options, FileSystemOps fs) throws IOException {
        this.sink = sink;
        this.options = options;
        this.fs = fs;
        this.compressor = Compressors.compress(Streams.unclosable(sink.stream()), options.compression(),
                options.threads(), options.gzipLevel());
        this.uncompressed = new DigestingOutputStream(compressor);
        this.buffer = new BufferedOutputStream(uncompressed, 1 << 18);
        this.tar = new TarWriter(buffer);
    }

    public static LayerWriter open(LayerSink sink, LayerOptions options) throws IOException {
        return open(sink, options, HostFileSystem.create());
    }

    public static LayerWriter open(LayerSink sink, LayerOptions options, FileSystemOps fs) throws IOException {
        try {
            return new LayerWriter(sink, options, fs);
        } catch (IOException | RuntimeException e) {
            sink.close();
            throw e;
        }
    }

    /** Adds an entry with its content ({@code entry.size()} bytes). The name is normalised. */
    public void add(TarEntry entry, InputStream content) throws IOException {
        tar.write(normalise(entry), content);
    }

    /** Adds an entry without content: a directory, link, device, fifo or empty file. */
    public void add(TarEntry entry) throws IOException {
        tar.write(normalise(entry));
    }

    /** A whiteout: the layers below lose {@code path} (a file, or a directory with all it holds). */
    public void whiteout(String path) throws IOException {
        tar.write(marker(LayerNames.whiteout(path)));
    }

    /** An opaque marker: {@code directory} keeps only what this layer puts in it. */
    public void opaque(String directory) throws IOException {
        tar.write(marker(LayerNames.opaque(directory)));
    }

    /**
     * Adds what is at {@code source} on disk (not following a symlink) under {@code name}: its type, mode,
     * owner, time, the kept xattrs and, for a file, its content. A file with several links is written once and
     * linked afterwards. Sockets are skipped. Returns what was written.
     */
    public Optional<TarEntry> addPath(String name, Path source) throws IOException {
        FileStat stat = fs.lstat(source).orElseThrow(() -> new java.nio.file.NoSuchFileException(source.toString()));
        if (stat.type().isEmpty()) {
            return Optional.empty();
        }
        EntryType type = stat.type().get();
        TarEntry.Builder builder = TarEntry.builder(LayerNames.entryName(name, type == EntryType.DIRECTORY), type)
                .mode(stat.mode())
                .owner(stat.uid(), stat.gid())
                .modTime(stat.modTime());
        if (type != EntryType.SYMLINK) {
            fs.xattrs(source).forEach((key, value) -> {
                if (options.keepXattr().test(key)) {
                    builder.xattr(key, value);
                }
            });
        }
        switch (type) {
            case SYMLINK -> builder.linkName(fs.readSymlink(source));
            case CHAR_DEVICE, BLOCK_DEVICE -> builder.device(stat.rdevMajor(), stat.rdevMinor());
            default -> { }
        }
        if (type != EntryType.DIRECTORY && stat.links() > 1) {
            FileKey key = new FileKey(stat.device(), stat.inode());
            String first = linkTargets.get(key);
            if (first != null) {
                TarEntry link = builder.type(EntryType.HARDLINK).linkName(first).device(0, 0).xattrs(Map.of()).build();
                add(link);
                return Optional.of(link);
            }
            linkTargets.put(key, LayerNames.entryName(name, false));
        }
        if (type == EntryType.REGULAR) {
            TarEntry entry = builder.size(stat.size()).build();
            try (InputStream in = new ExactLength(fs.openFile(source), stat.size(), source)) {
                add(entry, in);
            }
            return Optional.of(entry);
        }
        TarEntry entry = builder.build();
        add(entry);
        return Optional.of(entry);
    }

    /**
     * Adds {@code source} and, when it is a directory, everything below it, in sorted order (byte order of the
     * names, parents first). With an empty {@code name} the directory's content goes to the layer's root.
     */
    public void addTree(String name, Path source) throws IOException {
        boolean root = LayerNames.components(name).isEmpty();
        if (!root) {
            Optional<TarEntry> added = addPath(name, source);
            if (added.isEmpty() || added.get().type() != EntryType.DIRECTORY) {
                return;
            }
        }
        for (Path child : sortedChildren(source)) {
            String childName = (root ? "" : name + "/") + child.getFileName().toString();
            addTree(childName, child);
        }
    }

    /** Ends the tar and the compressed stream and commits the blob. */
    public LayerBlob finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("layer already finished");
        }
        tar.finish();
        buffer.flush();
        compressor.close();
        finished = true;
        Digest diffId = uncompressed.digest();
        LayerSink.Committed committed = sink.commit(diffId);
        sink.close();
        return new LayerBlob(new Descriptor(options.mediaType(), committed.digest(), committed.size()), diffId,
                uncompressed.count());
    }

    /** Abandons the layer unless it was finished. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            try {
                compressor.close();
            } catch (IOException | RuntimeException e) {
                // abandoning: the sink drops what was written
            }
            sink.close();
        }
    }

    private TarEntry normalise(TarEntry entry) {
        String name = LayerNames.entryName(entry.name(), entry.type() == EntryType.DIRECTORY);
        String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        base = base.substring(base.lastIndexOf('/') + 1);
        if (LayerNames.isWhiteout(base)) {
            throw new IllegalArgumentException("\"" + entry.name() + "\": names starting with "
                    + LayerNames.WHITEOUT_PREFIX + " are whiteouts; use whiteout() or opaque()");
        }
        TarEntry.Builder b = entry.toBuilder().name(name);
        if (entry.type() == EntryType.HARDLINK) {
            b.linkName(LayerNames.entryName(entry.linkName(), false));
        }
        if (options.sourceDateEpoch().isPresent()) {
            Instant epoch = options.sourceDateEpoch().get();
            if (entry.modTime().isAfter(epoch)) {
                b.modTime(epoch);
            }
            b.ownerNames("", "");
        }
        return b.build();
    }

    private TarEntry marker(String name) {
        return TarEntry.builder(name, EntryType.REGULAR).mode(0)
                .modTime(options.sourceDateEpoch().orElse(Instant.EPOCH)).build();
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        children.sort((a, b) -> Arrays.compareUnsigned(nameBytes(a), nameBytes(b)));
        return children;
    }

    private static byte[] nameBytes(Path p) {
        return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The identity hardlinks share. */
    private record FileKey(long device, long inode) {
    }

    /** A file's content, which must be exactly as long as lstat said: a file changing while read is an error. */
    private static final class ExactLength extends InputStream {
        private final InputStream in;
        private final Path path;
        private long remaining;

        ExactLength(InputStream in, long size, Path path) {
            this.in = in;
            this.remaining = size;
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            return Streams.readByte(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                if (in.read() >= 0) {
                    throw new IOException(path + " grew while it was being read into the layer");
                }
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IOException(path + " shrank while it was being read into the layer");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
