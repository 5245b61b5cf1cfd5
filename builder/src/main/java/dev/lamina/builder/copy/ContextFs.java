package dev.lamina.builder.copy;

import dev.lamina.builder.context.BuildContext;
import dev.lamina.builder.fs.PathResolver;
import dev.lamina.builder.fs.TreePaths;
import dev.lamina.dockerfile.ignore.IgnoreMatcher;
import dev.lamina.dockerfile.ignore.IgnorePattern;
import dev.lamina.image.Digest;
import dev.lamina.image.io.DigestingInputStream;
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
import java.nio.file.Path;
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
    private final Path root;
    private final IgnoreMatcher ignore;
    private final String ignoreFileName;
    private final String description;
    private final FileSystemOps fs = HostFileSystem.create();
    private final Map<String, Optional<SourceEntry>> entries = new HashMap<>();

    ContextFs(BuildContext context) {
        this(context.root(), context.ignore(), context.ignoreFileName(), "the build context");
    }

    /** A directory read as the context is (a git checkout for ADD), with its own ignore rules. */
    ContextFs(Path root, IgnoreMatcher ignore, String ignoreFileName, String description) {
        this.root = root;
        this.ignore = ignore;
        this.ignoreFileName = ignoreFileName;
        this.description = description;
    }

    @Override
    public Optional<SourceEntry> lstat(String path) throws IOException {
        Optional<SourceEntry> known = entries.get(path);
        if (known != null) {
            return known;
        }
        Optional<SourceEntry> entry = visible(path) ? read(path) : Optional.empty();
        entries.put(path, entry);
        return entry;
    }

    @Override
    public String resolve(String path) {
        return PathResolver.resolve(path, true, candidate -> {
            Path file = root.resolve(candidate);
            if (!Files.isSymbolicLink(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(fs.readSymlink(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public List<SourceEntry> children(String dir) throws IOException {
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
        return fs.openFile(root.resolve(entry.path()));
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

    private Optional<SourceEntry> read(String path) throws IOException {
        Path file = path.isEmpty() ? root : root.resolve(path);
        Optional<FileStat> found = fs.lstat(file);
        if (found.isEmpty() || found.get().type().isEmpty()) {
            return Optional.empty(); // absent, or a socket, which no layer holds
        }
        FileStat stat = found.get();
        EntryType type = stat.type().get();
        TarEntry.Builder meta = TarEntry.builder(path.isEmpty() ? "./" : path, type).mode(stat.mode()).owner(0, 0)
                .modTime(stat.modTime());
        Optional<Digest> content = Optional.empty();
        switch (type) {
            case SYMLINK -> meta.linkName(fs.readSymlink(file));
            case CHAR_DEVICE, BLOCK_DEVICE -> meta.device(stat.rdevMajor(), stat.rdevMinor());
            case REGULAR -> {
                meta.size(stat.size());
                content = Optional.of(digest(file));
            }
            default -> { }
        }
        Optional<String> linkKey = type != EntryType.DIRECTORY && stat.links() > 1
                ? Optional.of(stat.device() + ":" + stat.inode()) : Optional.empty();
        return Optional.of(new SourceEntry(path, meta.build(), content, linkKey));
    }

    private Digest digest(Path file) throws IOException {
        try (DigestingInputStream in = new DigestingInputStream(fs.openFile(file))) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.digest();
        }
    }
}
