package dev.lamina.builder.copy;

import dev.lamina.builder.context.BuildContext;
import dev.lamina.builder.fs.PathResolver;
import dev.lamina.builder.fs.TreePaths;
import dev.lamina.dockerfile.ignore.IgnoreMatcher;
import dev.lamina.dockerfile.ignore.IgnorePattern;
import dev.lamina.image.Digest;
import dev.lamina.image.io.DigestingInputStream;
import dev.lamina.builder.context.ContextDigests;
import dev.lamina.builder.context.FileVersion;
import dev.lamina.builder.context.ReadLog;
import dev.lamina.tarball.fs.FileStat;
import dev.lamina.tarball.fs.FileSystemOps;
import dev.lamina.tarball.fs.HostFileSystem;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The build context as COPY sees it: files under the context directory, minus what {@code .dockerignore} excludes
 * (a directory excluded but with re-included descendants stays, holding only those), owned by root (BuildKit sends
 * the context with uid and gid 0), symlinks resolved inside the context. Content digests are computed once per
 * build and file.
 */
final class ContextFs implements SourceFs {
    private static final long KEEP_FILE = 256 * 1024;
    private static final long KEEP_TOTAL = 64L * 1024 * 1024;
    private final Path root;
    private final IgnoreMatcher ignore;
    private final String ignoreFileName;
    private final String description;
    private final Optional<ContextDigests> digests;
    private final FileSystemOps fs = HostFileSystem.create();
    private final Map<String, Optional<SourceEntry>> entries = new HashMap<>();
    /** The version of every path statted, visible or not. */
    private final Map<String, FileVersion> versions = new HashMap<>();
    /** Where the current step's reads are logged, if anywhere. */
    private ReadLog log;
    /** Small files read to hash them, kept for the layer that copies them next (bounded, see {@link #digest}). */
    private final Map<String, byte[]> read = new HashMap<>();
    private long readBytes;

    /** The build context; {@code digests} spares reading files unchanged since the last build. */
    ContextFs(BuildContext context, Optional<ContextDigests> digests) {
        this(context.root(), context.ignore(), context.ignoreFileName(), "the build context", digests);
    }

    /** A directory read as the context is (a git checkout for ADD), with its own ignore rules. */
    ContextFs(Path root, IgnoreMatcher ignore, String ignoreFileName, String description,
            Optional<ContextDigests> digests) {
        this.root = root;
        this.ignore = ignore;
        this.ignoreFileName = ignoreFileName;
        this.description = description;
        this.digests = digests;
    }

    /**
     * Logs every path looked at into {@code reads} until {@code null} is given; a path looked at before (this
     * context's lookups are remembered for the whole build) is logged again.
     */
    void logReadsTo(ReadLog reads) {
        this.log = reads;
    }

    @Override
    public Optional<SourceEntry> lstat(String path) throws IOException {
        Optional<SourceEntry> known = entries.get(path);
        if (known == null) {
            known = visible(path) ? read(path) : Optional.empty();
            entries.put(path, known);
        }
        if (log != null) {
            log.add(path, version(path)); // hidden ones too: an ignored directory shows what it re-includes
        }
        return known;
    }

    @Override
    public String resolve(String path) {
        return PathResolver.resolve(path, true, candidate -> {
            try {
                FileVersion version = version(candidate);
                if (log != null) {
                    log.add(candidate, version);
                }
                return version.isSymlink() ? Optional.of(fs.readSymlink(root.resolve(candidate))) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public List<SourceEntry> children(String dir) throws IOException {
        if (log != null) {
            log.add(dir, version(dir)); // a directory's times change when an entry comes or goes
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root.resolve(dir.isEmpty() ? "." : dir))) {
            for (Path child : stream) {
                names.add(child.getFileName().toString());
            }
        }
        names.sort(null);
        List<SourceEntry> out = new ArrayList<>();
        for (String name : names) {
            lstat(TreePaths.child(dir, name)).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public InputStream open(SourceEntry entry) throws IOException {
        byte[] kept = read.remove(entry.path());
        return kept != null ? new java.io.ByteArrayInputStream(kept) : fs.openFile(root.resolve(entry.path()));
    }

    @Override
    public Optional<String> hiddenBy(String path) {
        if (path.isEmpty() || !Files.exists(root.resolve(path), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return ignore.decidingPattern(path).filter(p -> !p.exclusion()).map(IgnorePattern::toString)
                .map(rule -> ignoreFileName + " rule " + rule);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isContext() {
        return true;
    }

    /**
     * Whether {@code path} survives {@code .dockerignore}: not excluded, or an excluded directory that holds
     * something re-included ({@code !pattern}).
     */
    private boolean visible(String path) throws IOException {
        if (path.isEmpty() || !ignore.matches(path)) {
            return true;
        }
        if (!ignore.hasExclusions() || !Files.isDirectory(root.resolve(path), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root.resolve(path))) {
            for (Path child : stream) {
                if (visible(TreePaths.child(path, child.getFileName().toString()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The version of {@code path} as first seen in this build. */
    private FileVersion version(String path) throws IOException {
        FileVersion known = versions.get(path);
        if (known == null) {
            known = FileVersion.read(path.isEmpty() ? root : root.resolve(path));
            versions.put(path, known);
        }
        return known;
    }

    private Optional<SourceEntry> read(String path) throws IOException {
        Path file = path.isEmpty() ? root : root.resolve(path);
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, FileVersion.ATTRIBUTES + ",dev,nlink,rdev", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            versions.put(path, FileVersion.ABSENT);
            return Optional.empty();
        }
        FileVersion version = FileVersion.of(a);
        versions.put(path, version);
        int rawMode = (Integer) a.get("mode");
        Optional<EntryType> found = FileStat.typeOfMode(rawMode);
        if (found.isEmpty()) {
            return Optional.empty(); // a socket, which no layer holds
        }
        EntryType type = found.get();
        Instant modified = ((FileTime) a.get("lastModifiedTime")).toInstant();
        long size = (Long) a.get("size");
        TarEntry.Builder meta = TarEntry.builder(path.isEmpty() ? "./" : path, type).mode(rawMode & 07777)
                .owner(0, 0).modTime(modified);
        Optional<Digest> content = Optional.empty();
        switch (type) {
            case SYMLINK -> meta.linkName(fs.readSymlink(file));
            case CHAR_DEVICE, BLOCK_DEVICE -> {
                FileStat stat = fs.lstat(file).orElseThrow(() -> new NoSuchFileException(file.toString()));
                meta.device(stat.rdevMajor(), stat.rdevMinor());
            }
            case REGULAR -> {
                meta.size(size);
                Optional<Digest> known = digests.flatMap(d -> d.lookup(path, version));
                if (known.isPresent()) {
                    content = known;
                } else {
                    Digest digest = digest(file, path, size);
                    digests.ifPresent(d -> d.record(path, version, digest));
                    content = Optional.of(digest);
                }
            }
            default -> { }
        }
        long links = ((Number) a.get("nlink")).longValue();
        Optional<String> linkKey = type != EntryType.DIRECTORY && links > 1
                ? Optional.of(a.get("dev") + ":" + a.get("ino")) : Optional.empty();
        return Optional.of(new SourceEntry(path, meta.build(), content, linkKey));
    }

    /**
     * Hashes a file. A small one is kept in memory (up to 64 MiB in all): a step that hashes a file to make its key
     * usually copies it next, on a miss, and reading it once is enough.
     */
    private Digest digest(Path file, String path, long size) throws IOException {
        if (size <= KEEP_FILE && readBytes + size <= KEEP_TOTAL) {
            byte[] bytes;
            try (InputStream in = fs.openFile(file)) {
                bytes = in.readAllBytes();
            }
            if (bytes.length == size) {
                read.put(path, bytes);
                readBytes += size;
            }
            return Digest.sha256(bytes);
        }
        try (DigestingInputStream in = new DigestingInputStream(fs.openFile(file))) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.digest();
        }
    }
}
