package dev.lamina.tarball.apply;

import dev.lamina.image.io.DigestingInputStream;
import dev.lamina.image.io.IoErrors;
import dev.lamina.tarball.compress.Decompressors;
import dev.lamina.tarball.compress.SizeLimitedInputStream;
import dev.lamina.tarball.fs.FileStat;
import dev.lamina.tarball.fs.FileSystemOps;
import dev.lamina.tarball.layer.LayerNames;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.tar.TarFormatException;
import dev.lamina.tarball.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies layers onto a root directory, safely and with the OCI layer semantics:
 * <ul>
 * <li>every entry name is relative and free of {@code ..} (else refused), and is resolved component by
 * component inside the root ({@link RootResolver}), so no symlink met on the way can lead outside it;</li>
 * <li>an entry replaces what is there (directory ↔ file ↔ symlink), except that a directory merges into a
 * directory; the last component is never followed;</li>
 * <li>{@code .wh.NAME} deletes NAME, {@code .wh..wh..opq} empties its directory of what the layers below put
 * there, and both leave alone what this same layer writes, before or after them;</li>
 * <li>hardlinks point only at existing non-directories inside the root; symlinks are created as given;</li>
 * <li>device nodes only when privileged (else one warning), owners only when privileged, permission bits
 * including setuid/setgid, xattrs (one warning per kind where the filesystem or privileges refuse them),
 * modification times, directories' after their children;</li>
 * <li>the decompressed size is limited, and a malformed tar fails with the entry and offset named.</li>
 * </ul>
 * All filesystem access goes through {@link FileSystemOps}, so rootful and rootless runs share this logic;
 * rootless, a read-only directory is opened up while it is changed and closed again afterwards.
 */
public final class LayerApplier {
    private static final int COPY_BUFFER = 1 << 17;
    /** The xattr overlayfs marks an opaque directory with. */
    public static final String OVERLAY_OPAQUE = "trusted.overlay.opaque";

    private final Path root;
    private final ApplyOptions options;
    private final FileSystemOps fs;
    private final RootResolver resolver;
    private final Set<String> warned = new HashSet<>();

    /** Applies into {@code root}, which must be an existing directory. */
    public LayerApplier(Path root, ApplyOptions options) throws IOException {
        this.root = root.toRealPath();
        if (!Files.isDirectory(this.root)) {
            throw new NoSuchFileException(root + " is not a directory");
        }
        this.options = options;
        this.fs = options.fs();
        this.resolver = new RootResolver(this.root, fs);
    }

    /**
     * Applies one layer blob (plain tar, gzip or zstd), named {@code layer} in messages. Reads the stream to its
     * end; returns the diffID of the tar read, which the caller compares with the config's.
     */
    public AppliedLayer apply(InputStream blob, String layer) throws IOException {
        Decompressors.Opened opened = Decompressors.openLayer(blob);
        DigestingInputStream tar = new DigestingInputStream(
                new SizeLimitedInputStream(opened.content(), options.maxLayerBytes(), layer));
        Session session = new Session(layer);
        session.run(new TarReader(tar));
        tar.skip(Long.MAX_VALUE); // whatever follows the tar still counts in the diffID
        return new AppliedLayer(tar.digest(), tar.count(), session.entries);
    }

    /** The state of one layer: what it created (whiteouts spare it), and the directories to finish last. */
    private final class Session {
        private final String layer;
        private final Set<String> created = new HashSet<>();
        private final Set<String> ancestors = new HashSet<>();
        private final Map<String, DirectoryMetadata> deferred = new LinkedHashMap<>();
        private final Map<String, DirectoryMetadata> reopened = new LinkedHashMap<>();
        private int entries;

        Session(String layer) {
            this.layer = layer;
        }

        void run(TarReader reader) throws IOException {
            while (true) {
                Optional<TarEntry> next;
                try {
                    next = reader.next();
                } catch (TarFormatException | SizeLimitedInputStream.LimitExceededException e) {
                    throw new ApplyException(layer + ": " + e.getMessage(), e);
                }
                if (next.isEmpty()) {
                    break;
                }
                entries++;
                TarEntry entry = next.get();
                try {
                    apply(entry, reader);
                } catch (ApplyException e) {
                    throw e;
                } catch (TarFormatException | SizeLimitedInputStream.LimitExceededException e) {
                    throw new ApplyException(layer + ": " + e.getMessage(), e);
                } catch (IOException | RuntimeException e) {
                    throw new ApplyException(layer + ": entry \"" + entry.name() + "\": " + IoErrors.describe(e), e);
                }
            }
            finishDirectories();
        }

        private void apply(TarEntry entry, TarReader reader) throws IOException {
            List<String> parts = components(entry.name(), entry.name(), "name");
            if (parts.isEmpty()) {
                if (entry.type() != EntryType.DIRECTORY) {
                    throw refuse(entry, "the root can only be a directory");
                }
                ownerAndXattrs(root, entry);
                deferred.put("", new DirectoryMetadata(root, entry.mode(), entry.modTime()));
                return;
            }
            String base = parts.get(parts.size() - 1);
            List<String> parent = parts.subList(0, parts.size() - 1);
            if (base.equals(LayerNames.OPAQUE)) {
                opaque(parent);
                return;
            }
            if (base.startsWith(LayerNames.WHITEOUT_PREFIX + LayerNames.WHITEOUT_PREFIX)) {
                return; // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): nothing to apply
            }
            if (base.startsWith(LayerNames.WHITEOUT_PREFIX)) {
                whiteout(entry, parent, base.substring(LayerNames.WHITEOUT_PREFIX.length()));
                return;
            }
            RootResolver.Resolved target = resolver.resolve(parts, this::createParent);
            Optional<FileStat> existing = fs.lstat(target.host());
            reopen(target.host().getParent(), target.parentRelative());
            if (entry.type() == EntryType.DIRECTORY) {
                if (existing.isEmpty() || !existing.get().isDirectory()) {
                    if (existing.isPresent()) {
                        fs.deleteRecursively(target.host());
                    }
                    fs.createDirectory(target.host(), 0700);
                }
                ownerAndXattrs(target.host(), entry);
                deferred.remove(target.relative());
                deferred.put(target.relative(), new DirectoryMetadata(target.host(), entry.mode(), entry.modTime()));
            } else {
                if (existing.isPresent()) {
                    fs.deleteRecursively(target.host());
                }
                if (create(entry, target, reader)) {
                    metadata(target.host(), entry);
                }
            }
            markCreated(target.relative());
        }

        /** Creates a non-directory entry; false when it was skipped (a device node without privilege). */
        private boolean create(TarEntry entry, RootResolver.Resolved target, TarReader reader) throws IOException {
            switch (entry.type()) {
                case REGULAR -> {
                    try (OutputStream out = fs.createFile(target.host(), 0600)) {
                        copy(reader.content(), out);
                    }
                }
                case SYMLINK -> fs.createSymlink(target.host(), entry.linkName());
                case HARDLINK -> fs.createHardlink(target.host(), linkTarget(entry));
                case FIFO -> fs.createSpecial(target.host(), entry.type(), entry.mode(), 0, 0);
                case CHAR_DEVICE, BLOCK_DEVICE -> {
                    if (!fs.privileged()) {
                        warnOnce("devices", "device nodes are skipped when not running as root (first: "
                                + entry.name() + ")");
                        return false;
                    }
                    try {
                        fs.createSpecial(target.host(), entry.type(), entry.mode(), entry.devMajor(),
                                entry.devMinor());
                    } catch (IOException e) {
                        if (!isPermissionProblem(e)) {
                            throw e;
                        }
                        warnOnce("devices", "device nodes are skipped: this process may not create them ("
                                + IoErrors.describe(e) + ")");
                        return false;
                    }
                }
                case DIRECTORY -> throw new IllegalStateException("directories are handled by the caller");
            }
            return true;
        }

        /** The existing non-directory a hardlink points at, resolved inside the root like any name. */
        private Path linkTarget(TarEntry entry) throws IOException {
            List<String> parts = components(entry.linkName(), entry.name(), "hardlink target");
            if (parts.isEmpty()) {
                throw refuse(entry, "hardlink to the root directory");
            }
            RootResolver.Resolved target = resolver.resolve(parts, (host, relative) -> {
                throw refuse(entry, "hardlink target \"" + entry.linkName() + "\" does not exist");
            });
            Optional<FileStat> stat = fs.lstat(target.host());
            if (stat.isEmpty()) {
                throw refuse(entry, "hardlink target \"" + entry.linkName() + "\" does not exist");
            }
            if (stat.get().isDirectory()) {
                throw refuse(entry, "hardlink target \"" + entry.linkName() + "\" is a directory");
            }
            return target.host();
        }

        private void whiteout(TarEntry entry, List<String> parent, String name) throws IOException {
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                throw refuse(entry, "invalid whiteout \"" + LayerNames.WHITEOUT_PREFIX + name + "\"");
            }
            if (options.overlayForm()) {
                List<String> full = new ArrayList<>(resolver.directory(parent, this::createParent));
                full.add(name);
                String relative = String.join("/", full);
                if (!created.contains(relative)) {
                    Path host = resolver.host(full);
                    reopen(host.getParent(), String.join("/", full.subList(0, full.size() - 1)));
                    if (fs.lstat(host).isPresent()) {
                        fs.deleteRecursively(host);
                    }
                    fs.createSpecial(host, EntryType.CHAR_DEVICE, 0, 0, 0);
                    markCreated(relative);
                }
                return;
            }
            List<String> dir;
            try {
                dir = resolver.directory(parent, (host, relative) -> {
                    throw new Missing();
                });
            } catch (Missing e) {
                return; // nothing below to delete
            }
            List<String> full = new ArrayList<>(dir);
            full.add(name);
            String relative = String.join("/", full);
            Path host = resolver.host(full);
            Optional<FileStat> stat = fs.lstat(host);
            if (stat.isEmpty()) {
                return;
            }
            if (created.contains(relative)) {
                // a whiteout only hides the layers below: what this layer wrote stays, lower content inside goes
                if (stat.get().isDirectory()) {
                    removeLower(host, relative);
                }
                return;
            }
            reopen(host.getParent(), String.join("/", dir));
            fs.deleteRecursively(host);
        }

        private void opaque(List<String> parent) throws IOException {
            List<String> dir = resolver.directory(parent, this::createParent);
            if (options.overlayForm()) {
                fs.setXattr(resolver.host(dir), OVERLAY_OPAQUE, new byte[] {'y'});
                return;
            }
            removeLower(resolver.host(dir), String.join("/", dir));
        }

        /** Removes what a directory holds from the layers below, keeping what this layer put there. */
        private void removeLower(Path dir, String relative) throws IOException {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                stream.forEach(children::add);
            }
            if (!children.isEmpty()) {
                reopen(dir, relative);
            }
            for (Path child : children) {
                String name = child.getFileName().toString();
                String childRelative = relative.isEmpty() ? name : relative + "/" + name;
                if (created.contains(childRelative) || ancestors.contains(childRelative)) {
                    Optional<FileStat> stat = fs.lstat(child);
                    if (stat.isPresent() && stat.get().isDirectory()) {
                        removeLower(child, childRelative);
                    }
                } else {
                    fs.deleteRecursively(child);
                }
            }
        }

        private void createParent(Path host, String relative) throws IOException {
            reopen(host.getParent(), parentOf(relative));
            fs.createDirectory(host, 0755);
            markCreated(relative);
        }

        private void markCreated(String relative) {
            created.add(relative);
            for (int slash = relative.lastIndexOf('/'); slash > 0; slash = relative.lastIndexOf('/', slash - 1)) {
                if (!ancestors.add(relative.substring(0, slash))) {
                    break;
                }
            }
        }

        private void ownerAndXattrs(Path host, TarEntry entry) throws IOException {
            if (fs.privileged()) {
                fs.setOwner(host, entry.uid(), entry.gid());
            }
            xattrs(host, entry);
        }

        private void metadata(Path host, TarEntry entry) throws IOException {
            if (fs.privileged()) {
                fs.setOwner(host, entry.uid(), entry.gid());
            }
            if (entry.type() != EntryType.SYMLINK) {
                fs.setMode(host, entry.mode()); // after chown, which clears setuid and setgid
            }
            xattrs(host, entry);
            fs.setModTime(host, entry.modTime());
        }

        private void xattrs(Path host, TarEntry entry) throws IOException {
            for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
                String name = xattr.getKey();
                if (entry.type() == EntryType.SYMLINK && name.startsWith("user.")) {
                    continue; // Linux has no user.* attributes on symlinks
                }
                try {
                    fs.setXattr(host, name, xattr.getValue());
                } catch (IOException | UnsupportedOperationException e) {
                    if (e instanceof IOException io && !isPermissionProblem(io)) {
                        throw io;
                    }
                    String namespace = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                    warnOnce("xattr:" + namespace, "extended attributes " + namespace + ".* are skipped: "
                            + IoErrors.describe(e) + " (first: " + entry.name() + ")");
                }
            }
        }

        /**
         * Rootless only: a directory this process owns but may not write (a lower layer's 0555) is opened up
         * while it is changed; its mode and time are restored when the layer is done.
         */
        private void reopen(Path dir, String relative) throws IOException {
            if (fs.privileged() || reopened.containsKey(relative)) {
                return;
            }
            Optional<FileStat> stat = fs.lstat(dir);
            if (stat.isEmpty() || !stat.get().isDirectory() || (stat.get().mode() & 0300) == 0300) {
                return;
            }
            reopened.put(relative, new DirectoryMetadata(dir, stat.get().mode(), stat.get().modTime()));
            fs.setMode(dir, stat.get().mode() | 0700);
        }

        /** Directory modes and times last, deepest first, so that creating children does not change them. */
        private void finishDirectories() throws IOException {
            Map<String, DirectoryMetadata> all = new LinkedHashMap<>(reopened);
            all.putAll(deferred);
            List<Map.Entry<String, DirectoryMetadata>> list = new ArrayList<>(all.entrySet());
            list.sort((a, b) -> Integer.compare(depth(b.getKey()), depth(a.getKey())));
            for (Map.Entry<String, DirectoryMetadata> e : list) {
                DirectoryMetadata d = e.getValue();
                Optional<FileStat> stat = fs.lstat(d.host());
                if (stat.isEmpty() || !stat.get().isDirectory()) {
                    continue; // replaced or removed later in the layer
                }
                try {
                    fs.setMode(d.host(), d.mode());
                    fs.setModTime(d.host(), d.modTime());
                } catch (IOException ex) {
                    throw new ApplyException(layer + ": directory \"" + (e.getKey().isEmpty() ? "/" : e.getKey())
                            + "\": " + IoErrors.describe(ex), ex);
                }
            }
        }

        private ApplyException refuse(TarEntry entry, String why) {
            return new ApplyException(layer + ": entry \"" + entry.name() + "\": " + why);
        }

        /** A name's components; absolute names and {@code ..} are refused (a layer never needs them). */
        private List<String> components(String name, String entry, String what) throws ApplyException {
            if (name.startsWith("/")) {
                throw new ApplyException(layer + ": entry \"" + entry + "\": absolute " + what
                        + " (a layer's names are relative to its root)");
            }
            List<String> parts = new ArrayList<>();
            for (String part : name.split("/")) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    throw new ApplyException(layer + ": entry \"" + entry + "\": " + what + " \"" + name
                            + "\" contains \"..\" (it would lead out of the root)");
                }
                parts.add(part);
            }
            return parts;
        }
    }

    private void warnOnce(String kind, String message) {
        if (warned.add(kind)) {
            options.warnings().accept(message);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }

    private static boolean isPermissionProblem(IOException e) {
        if (e instanceof AccessDeniedException) {
            return true;
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("operation not permitted") || message.contains("not supported")
                || message.contains("Operation not permitted") || message.contains("Operation not supported");
    }

    private static int depth(String relative) {
        return relative.isEmpty() ? 0 : relative.split("/").length;
    }

    private static String parentOf(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }
    /** A directory's final mode and time. */
    private record DirectoryMetadata(Path host, int mode, Instant modTime) {
    }

    /** A whiteout's directory does not exist: nothing to delete. */
    private static final class Missing extends IOException {
        Missing() {
            super("missing");
        }
    }
}
