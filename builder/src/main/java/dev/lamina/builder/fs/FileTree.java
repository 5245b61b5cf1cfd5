package dev.lamina.builder.fs;

import dev.lamina.builder.LayerRef;
import dev.lamina.tarball.tar.EntryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A stage's file system as metadata: every path its layers leave, with where each file's content is. Made by
 * applying {@link LayerListing}s in order with the OCI layer rules, so COPY can resolve destinations, read
 * {@code /etc/passwd} or copy from another stage without extracting anything. Immutable: applying a layer makes a
 * new tree.
 */
public final class FileTree {
    private static final FileTree EMPTY = new FileTree(new TreeMap<>());

    private final TreeMap<String, FileNode> nodes;

    private FileTree(TreeMap<String, FileNode> nodes) {
        this.nodes = nodes;
    }

    public static FileTree empty() {
        return EMPTY;
    }

    /**
     * The tree after {@code layer}: its whiteouts and opaque markers remove what the layers below put there (never
     * what this layer puts, wherever they appear in it), then its entries are put; an entry replaces what is at its
     * path, except that a directory's children stay when a directory replaces it.
     */
    public FileTree apply(LayerRef layer, LayerListing listing) {
        TreeMap<String, FileNode> next = new TreeMap<>(nodes);
        for (LayerListing.Change change : listing.changes()) {
            if (change instanceof LayerListing.Delete delete) {
                next.remove(delete.path());
                removeBelow(next, delete.path());
            } else if (change instanceof LayerListing.Opaque opaque) {
                removeBelow(next, opaque.path());
            }
        }
        for (LayerListing.Change change : listing.changes()) {
            if (change instanceof LayerListing.Put put && !put.path().isEmpty()) {
                put(next, layer, put);
            }
        }
        return new FileTree(next);
    }

    /** The node at exactly {@code path} (a symlink is the symlink). */
    public Optional<FileNode> get(String path) {
        return Optional.ofNullable(nodes.get(path));
    }

    /** The node {@code path} leads to, every symlink on the way followed (a final one too). */
    public Optional<FileNode> lookup(String path) {
        return get(resolve(path, true));
    }

    /**
     * {@code path} with the symlinks of its existing components followed as a process chrooted in the image would
     * follow them ({@code ..} stops at the root, absolute targets restart from it); components that do not exist
     * are kept as they are. The last component is followed only when {@code followLast}.
     */
    public String resolve(String path, boolean followLast) {
        return PathResolver.resolve(path, followLast, candidate -> {
            FileNode node = nodes.get(candidate);
            return node != null && node.isSymlink() ? Optional.of(node.entry().linkName()) : Optional.empty();
        });
    }

    /** The entries directly in {@code dir}, by name. */
    public List<FileNode> children(String dir) {
        List<FileNode> out = new ArrayList<>();
        for (FileNode node : below(nodes, dir).values()) {
            if (node.path().indexOf('/', dir.isEmpty() ? 0 : dir.length() + 1) < 0) {
                out.add(node);
            }
        }
        out.sort((a, b) -> TreePaths.compare(a.path(), b.path()));
        return out;
    }

    /** Everything below {@code dir}, in the order a depth-first walk visits it. */
    public List<FileNode> descendants(String dir) {
        List<FileNode> out = new ArrayList<>(below(nodes, dir).values());
        out.sort((a, b) -> TreePaths.compare(a.path(), b.path()));
        return out;
    }

    public int size() {
        return nodes.size();
    }

    private static void put(TreeMap<String, FileNode> tree, LayerRef layer, LayerListing.Put put) {
        String path = put.path();
        for (String ancestor : TreePaths.selfAndAncestors(TreePaths.parent(path))) {
            FileNode existing = tree.get(ancestor);
            if (existing == null || !existing.isDirectory()) {
                if (existing != null) {
                    removeBelow(tree, ancestor);
                }
                tree.put(ancestor, FileNode.implicitDirectory(ancestor));
            }
        }
        FileNode node;
        if (put.entry().type() == EntryType.HARDLINK) {
            FileNode target = tree.get(TreePaths.of(put.entry().linkName()));
            if (target == null || !target.isRegularFile()) {
                return; // a dangling hardlink: appliers refuse it, so it leaves nothing
            }
            node = new FileNode(path, target.entry().toBuilder().name(path).build(), target.layer(),
                    target.nameInLayer(), target.content());
        } else {
            node = new FileNode(path, put.entry().toBuilder().name(path).build(), Optional.of(layer), path,
                    put.content());
        }
        FileNode previous = tree.get(path);
        if (previous != null && previous.isDirectory() && !node.isDirectory()) {
            removeBelow(tree, path);
        }
        tree.put(path, node);
    }

    private static void removeBelow(TreeMap<String, FileNode> tree, String dir) {
        below(tree, dir).clear();
    }

    /** The live view of the entries strictly below {@code dir}. */
    private static NavigableMap<String, FileNode> below(TreeMap<String, FileNode> tree, String dir) {
        if (dir.isEmpty()) {
            return tree;
        }
        // '/' + 1 is '0': every "dir/…" key sorts between "dir/" and "dir0"
        return tree.subMap(dir + "/", true, dir + "0", false);
    }

    /** For tests and messages: every path with its type. */
    public Map<String, EntryType> types() {
        Map<String, EntryType> out = new TreeMap<>();
        nodes.forEach((path, node) -> out.put(path, node.type()));
        return out;
    }
}
