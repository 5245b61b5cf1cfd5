package dev.lamina.builder.copy;

import dev.lamina.builder.BuildException;
import dev.lamina.builder.fs.FileNode;
import dev.lamina.builder.fs.FileTree;
import dev.lamina.builder.fs.PathResolver;
import dev.lamina.builder.fs.TreePaths;
import dev.lamina.image.Digest;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The second half of a COPY: where each selected entry lands, against the stage's file system ({@code lower}; an
 * empty one for {@code --link}) and what this same instruction already put. It collects exactly the paths the layer
 * must hold:
 * <ul>
 * <li>the copied entries, and every directory on the way to them (an existing one with its metadata as it is, a
 * missing one made 0755 with the {@code --chown} owner, as BuildKit's {@code MkdirAll} makes it);</li>
 * <li>a whiteout before an entry that replaces something of another kind (a file where a directory was, or the
 * reverse), so the layer says that the old tree is gone. BuildKit refuses such a COPY ("cannot replace to
 * directory"); lamina replaces.</li>
 * </ul>
 * Destination paths follow the stage's symlinks, as a process chrooted in the stage would.
 */
final class Placement {
    private final FileTree lower;
    private final TreeMap<String, Out> entries = new TreeMap<>(TreePaths::compare);
    private final Set<String> whiteouts = new HashSet<>();

    /** One entry of the layer: its metadata (named by its path) and, for a regular file, its content. */
    record Out(TarEntry meta, Optional<Content> content, Optional<Digest> digest) {
        boolean isDirectory() {
            return meta.type() == EntryType.DIRECTORY;
        }
    }

    Placement(FileTree lower) {
        this.lower = lower;
    }

    /** The entries in the order a layer holds them (parents first, names sorted). */
    Map<String, Out> entries() {
        return entries;
    }

    /** The paths of the layers below that the layer deletes. */
    Set<String> whiteouts() {
        return whiteouts;
    }

    /** {@code path} with the symlinks of the stage (and of this layer) followed. */
    String resolve(String path, boolean followLast) {
        return PathResolver.resolve(path, followLast, candidate -> typeAt(candidate)
                .filter(t -> t.meta().type() == EntryType.SYMLINK).map(t -> t.meta().linkName()));
    }

    /** What is at exactly {@code path}: this layer's entry, else the stage's unless this layer removed it. */
    Optional<Out> typeAt(String path) {
        Out own = entries.get(path);
        if (own != null) {
            return Optional.of(own);
        }
        for (String ancestor : TreePaths.selfAndAncestors(path)) {
            if (whiteouts.contains(ancestor)) {
                return Optional.empty();
            }
            Out above = entries.get(ancestor);
            if (above != null && !above.isDirectory() && !ancestor.equals(path)) {
                return Optional.empty();
            }
        }
        return lower.get(path).map(Placement::fromNode);
    }

    boolean isDirectory(String path) {
        return path.isEmpty() || typeAt(path).filter(Out::isDirectory).isPresent();
    }

    /**
     * Makes sure {@code path} (resolved) is a directory, with every directory above it in the layer: existing ones
     * as they are, missing ones as {@code template} says (0755, owner, time).
     */
    void mkdirAll(String path, TarEntry template) {
        for (String dir : TreePaths.selfAndAncestors(path)) {
            Optional<Out> existing = typeAt(dir);
            if (existing.isPresent() && !existing.get().isDirectory()) {
                throw new BuildException("cannot make directory /" + dir + ": a "
                        + existing.get().meta().type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + " is in the way");
            }
            if (existing.isEmpty()) {
                entries.put(dir, new Out(template.toBuilder().name(dir).build(), Optional.empty(), Optional.empty()));
            } else if (!entries.containsKey(dir)) {
                entries.put(dir, existing.get()); // an existing directory on the way to a change is part of the diff
            }
        }
    }

    /**
     * Puts an entry at {@code path} (resolved), after its parent directories. A directory merges into a directory
     * (taking the new metadata); anything else replaces what is there, with a whiteout when the stage had something
     * there that the new entry cannot simply overwrite.
     */
    void put(String path, TarEntry meta, Optional<Content> content, Optional<Digest> digest, TarEntry parentTemplate) {
        mkdirAll(TreePaths.parent(path), parentTemplate);
        Optional<Out> existing = typeAt(path);
        boolean newIsDir = meta.type() == EntryType.DIRECTORY;
        if (existing.isPresent() && existing.get().isDirectory() != newIsDir) {
            entries.keySet().removeIf(p -> TreePaths.isWithin(p, path) && !p.equals(path));
            if (lower.get(path).isPresent()) {
                whiteouts.add(path);
            }
        }
        entries.put(path, new Out(meta.toBuilder().name(path).build(), content, digest));
    }

    /** Sets the modification time of an existing directory (a copied directory's top keeps only its time). */
    void touchDirectory(String path, Instant time) {
        Out existing = typeAt(path).orElseThrow();
        entries.put(path, new Out(existing.meta().toBuilder().modTime(time).build(), Optional.empty(),
                Optional.empty()));
    }

    /**
     * A hardlink to {@code target} was put: they are one inode, so the target takes the link's owner, mode and time
     * (as extracting the archive on disk would leave them).
     */
    void relink(String target, TarEntry link) {
        Out existing = entries.get(target);
        if (existing != null && existing.meta().type() == EntryType.REGULAR) {
            entries.put(target, new Out(existing.meta().toBuilder().owner(link.uid(), link.gid()).mode(link.mode())
                    .modTime(link.modTime()).build(), existing.content(), existing.digest()));
        }
    }

    /** The paths this layer puts, for the stage's file tree afterwards. */
    List<String> paths() {
        return new ArrayList<>(entries.keySet());
    }

    private static Out fromNode(FileNode node) {
        return new Out(node.entry(), Optional.empty(), node.content());
    }
}
