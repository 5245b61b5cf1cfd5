package dev.lamina.tarball.inspect;

import dev.lamina.image.Digest;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.layer.LayerNames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The filesystem an image's layers make, path by path, kept as metadata only: type, mode, owner, size, link
 * target, device, the layer that put each path there, and (when the scan hashes content) the sha256 of each
 * regular file. Layers are applied in order with OCI semantics: a whiteout or an opaque directory hides what the
 * layers below put there, never what its own layer wrote.
 *
 * <p>It is built to hold hundreds of thousands of paths in little memory: every path is a node number; a node
 * stores its name (one component, not the whole path), its parent and its place among its siblings, and its
 * metadata in parallel primitive arrays. A path never leaves the table once seen (a deleted one is marked
 * absent), so numbers stay valid for the whole scan and other tables (such as {@link WastedSpace}'s) can be
 * indexed by them. Not thread-safe: one tree per scanning thread.
 */
public final class FileTree {
    /** The root directory's node. */
    static final int ROOT = 0;
    static final int NONE = -1;
    private static final int DIGEST_BYTES = 32;
    private static final EntryType[] TYPES = EntryType.values();

    /** What a tree tells its builder while layers are applied. */
    interface Listener {
        /** {@code id} appeared as a directory because an entry below it named it (no entry of its own). */
        default void implied(int id) {
        }

        /** {@code id} is about to disappear; its state is still readable. */
        default void removing(int id) {
        }

        /** The subtree at {@code top} (a {@code type}, holding {@code bytes} of content) has been removed. */
        default void removed(int top, EntryType type, long bytes) {
        }
    }

    private final boolean keepDigests;
    private int count;
    // structure: names and links between nodes
    private int[] parent = new int[0];
    private int[] firstChild = new int[0];
    private int[] nextSibling = new int[0];
    private String[] name = new String[0];
    private int[] slots; // open addressing over (parent, name): node + 1, 0 when free
    // state: 0 in type means absent
    private byte[] type = new byte[0];
    private int[] mode = new int[0];
    private int[] uid = new int[0]; // unsigned: Linux ids are 32 bits
    private int[] gid = new int[0];
    private long[] size = new long[0];
    private long[] device = new long[0];
    private String[] link = new String[0];
    private int[] written = new int[0]; // the layer whose entry (or implied parent) made the node what it is
    private int[] touched = new int[0]; // the last layer that wrote the node or anything below it
    private byte[] digests = new byte[0];
    private final BitSet hasDigest = new BitSet();

    /** @param keepDigests whether regular files will carry a content digest (an image-to-image diff needs them) */
    FileTree(boolean keepDigests) {
        this.keepDigests = keepDigests;
        resize(1024);
        count = 1;
        parent[ROOT] = NONE;
        firstChild[ROOT] = NONE;
        nextSibling[ROOT] = NONE;
        name[ROOT] = "";
        type[ROOT] = code(EntryType.DIRECTORY);
        mode[ROOT] = 0755;
        written[ROOT] = NONE;
        touched[ROOT] = NONE;
    }

    /** An independent copy: the same paths and state, changed from here on without touching this one. */
    FileTree copy() {
        FileTree copy = new FileTree(keepDigests);
        copy.count = count;
        copy.parent = parent.clone();
        copy.firstChild = firstChild.clone();
        copy.nextSibling = nextSibling.clone();
        copy.name = name.clone();
        copy.slots = slots.clone();
        copy.type = type.clone();
        copy.mode = mode.clone();
        copy.uid = uid.clone();
        copy.gid = gid.clone();
        copy.size = size.clone();
        copy.device = device.clone();
        copy.link = link.clone();
        copy.written = written.clone();
        copy.touched = touched.clone();
        copy.digests = digests.clone();
        copy.hasDigest.or(hasDigest);
        return copy;
    }

    // ---- reading ----

    /** How many paths the tree has seen (present or not). */
    public int nodes() {
        return count;
    }

    /** The node of {@code path} ({@code ""} is the root), if the tree has seen it. */
    public Optional<Integer> find(String path) {
        int id = lookup(path);
        return id == NONE ? Optional.empty() : Optional.of(id);
    }

    public boolean present(int id) {
        return type[id] != 0;
    }

    /** The node's type; only meaningful while it is {@link #present}. */
    public EntryType type(int id) {
        return TYPES[type[id] - 1];
    }

    public boolean isDirectory(int id) {
        return present(id) && type(id) == EntryType.DIRECTORY;
    }

    public int mode(int id) {
        return mode[id];
    }

    public long uid(int id) {
        return Integer.toUnsignedLong(uid[id]);
    }

    public long gid(int id) {
        return Integer.toUnsignedLong(gid[id]);
    }

    /** Content size of a regular file (a hardlink's is its target's), the length of a symlink's target, else 0. */
    public long size(int id) {
        return size[id];
    }

    /** A symlink's target (a hardlink's when its target was missing), else empty. */
    public String link(int id) {
        return link[id] == null ? "" : link[id];
    }

    /** Major and minor device numbers of a device node, packed as {@code major << 32 | minor}. */
    public long device(int id) {
        return device[id];
    }

    /** The index of the layer that put the node there as it is, or -1 for the root nobody wrote. */
    public int layer(int id) {
        return written[id];
    }

    /** The sha256 of a regular file's content, when the tree keeps digests. */
    public Optional<Digest> digest(int id) {
        if (!hasDigest.get(id)) {
            return Optional.empty();
        }
        return Optional.of(new Digest(Digest.SHA256, HexFormat.of().formatHex(digests, id * DIGEST_BYTES,
                (id + 1) * DIGEST_BYTES)));
    }

    /** Whether two nodes (of this tree or another) hold the same content digest; false if either has none. */
    boolean sameDigest(int id, FileTree other, int otherId) {
        return hasDigest.get(id) && other.hasDigest.get(otherId) && Arrays.equals(digests, id * DIGEST_BYTES,
                (id + 1) * DIGEST_BYTES, other.digests, otherId * DIGEST_BYTES, (otherId + 1) * DIGEST_BYTES);
    }

    public String name(int id) {
        return name[id];
    }

    /** The node's path, without leading slash ({@code ""} for the root). */
    public String path(int id) {
        if (id == ROOT) {
            return "";
        }
        int depth = 0;
        int length = 0;
        for (int n = id; n != ROOT; n = parent[n]) {
            depth++;
            length += name[n].length() + 1;
        }
        int[] chain = new int[depth];
        int i = depth;
        for (int n = id; n != ROOT; n = parent[n]) {
            chain[--i] = n;
        }
        StringBuilder path = new StringBuilder(length);
        for (int n : chain) {
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(name[n]);
        }
        return path.toString();
    }

    /** The present children of a node, sorted by name. */
    public int[] sortedChildren(int id) {
        int n = 0;
        for (int c = firstChild[id]; c != NONE; c = nextSibling[c]) {
            if (present(c)) {
                n++;
            }
        }
        Integer[] children = new Integer[n];
        n = 0;
        for (int c = firstChild[id]; c != NONE; c = nextSibling[c]) {
            if (present(c)) {
                children[n++] = c;
            }
        }
        Arrays.sort(children, (a, b) -> name[a].compareTo(name[b]));
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = children[i];
        }
        return sorted;
    }

    // ---- applying layers ----

    /**
     * The node for {@code path} in layer {@code layer}, creating the parents the layers have not made yet as
     * directories (reported as {@link Listener#implied}), as an applier creates them; a parent that is
     * something else is replaced by a directory. The node itself is not made present.
     */
    int node(String path, int layer, Listener listener) {
        int current = ROOT;
        int start = 0;
        while (start < path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            int child = child(current, path.substring(start, end), true);
            if (slash < 0) {
                return child;
            }
            ensureDirectory(child, layer, listener);
            current = child;
            start = end + 1;
        }
        return current;
    }

    /** Makes {@code id} a directory (an opaque marker's, when no entry made it) if it is not one. */
    void ensureDirectory(int id, int layer, Listener listener) {
        if (!isDirectory(id)) {
            if (present(id)) {
                removeSubtree(id, listener);
            }
            makeImplied(id, layer);
            listener.implied(id);
        }
    }

    /** Makes {@code id} a directory no entry named, written in {@code layer}. */
    private void makeImplied(int id, int layer) {
        setState(id, EntryType.DIRECTORY, 0755, 0, 0, 0, 0, null, layer);
        markTouched(id, layer);
    }

    /**
     * Puts {@code entry} at {@code id} in {@code layer}: a directory over a directory keeps its children;
     * anything else replaces what was there (a directory's children are removed first). A hardlink takes its
     * target's type, size and digest (its target's mode and owner become the entry's, as they share an inode).
     *
     * @param digest the sha256 of a regular file's content, or null
     */
    void write(int id, TarEntry entry, int layer, byte[] digest, Listener listener) {
        if (present(id) && type(id) == EntryType.DIRECTORY && entry.type() != EntryType.DIRECTORY) {
            for (int c = firstChild[id]; c != NONE; c = nextSibling[c]) {
                if (present(c)) {
                    removeSubtree(c, listener);
                }
            }
        }
        hasDigest.clear(id);
        int permissions = entry.mode();
        long packedDevice = entry.type().isDevice() ? entry.devMajor() << 32 | (entry.devMinor() & 0xffffffffL) : 0;
        switch (entry.type()) {
            case REGULAR -> {
                setState(id, EntryType.REGULAR, permissions, entry.uid(), entry.gid(), entry.size(), 0, null, layer);
                if (digest != null && keepDigests) {
                    System.arraycopy(digest, 0, digests, id * DIGEST_BYTES, DIGEST_BYTES);
                    hasDigest.set(id);
                }
            }
            case SYMLINK -> setState(id, EntryType.SYMLINK, permissions, entry.uid(), entry.gid(),
                    symlinkSize(entry), 0, entry.linkName(), layer);
            case HARDLINK -> hardlink(id, entry, layer);
            default -> setState(id, entry.type(), permissions, entry.uid(), entry.gid(), 0, packedDevice, null, layer);
        }
        markTouched(id, layer);
    }

    private void hardlink(int id, TarEntry entry, int layer) {
        int target;
        try {
            target = lookup(String.join("/", LayerNames.components(entry.linkName())));
        } catch (IllegalArgumentException e) {
            target = NONE; // a target with .. is out of the root: refused by an applier, missing here
        }
        if (target == NONE || !present(target) || type(target) == EntryType.DIRECTORY) {
            // an applier refuses this; inspection records what the entry says
            setState(id, EntryType.HARDLINK, entry.mode(), entry.uid(), entry.gid(), 0, 0, entry.linkName(), layer);
            return;
        }
        setState(id, type(target), entry.mode(), entry.uid(), entry.gid(), size[target], device[target],
                link[target], layer);
        if (hasDigest.get(target)) {
            System.arraycopy(digests, target * DIGEST_BYTES, digests, id * DIGEST_BYTES, DIGEST_BYTES);
            hasDigest.set(id);
        }
        mode[target] = entry.mode();
        uid[target] = (int) entry.uid();
        gid[target] = (int) entry.gid();
    }

    /** Sets the root directory's own metadata (a {@code ./} entry). */
    void writeRoot(TarEntry entry) {
        mode[ROOT] = entry.mode();
        uid[ROOT] = (int) entry.uid();
        gid[ROOT] = (int) entry.gid();
    }

    /**
     * Hides what the layers below {@code layer} put at {@code id} (a whiteout of it): the node and all below it
     * go, except what {@code layer} itself wrote and the directories that lead there, whose lower content
     * still goes. Each removed subtree is reported to {@link Listener#removed}.
     */
    void hideLower(int id, int layer, Listener listener) {
        int[] stack = new int[16];
        int depth = 0;
        stack[depth++] = id;
        while (depth > 0) {
            int n = stack[--depth];
            if (!present(n)) {
                continue;
            }
            if (touched[n] != layer) {
                removeSubtree(n, listener);
                continue;
            }
            int[] children = sortedChildren(n); // pushed last first, so that removals come in name order
            if (depth + children.length > stack.length) {
                stack = Arrays.copyOf(stack, Math.max(stack.length * 2, depth + children.length));
            }
            for (int i = children.length - 1; i >= 0; i--) {
                stack[depth++] = children[i];
            }
        }
    }

    /** Hides the lower content of directory {@code id} (an opaque marker), keeping what {@code layer} wrote. */
    void hideLowerChildren(int id, int layer, Listener listener) {
        for (int child : sortedChildren(id)) {
            hideLower(child, layer, listener);
        }
    }

    private void removeSubtree(int top, Listener listener) {
        EntryType topType = type(top);
        long[] bytes = {0};
        walk(top, n -> {
            listener.removing(n);
            bytes[0] += size[n];
            type[n] = 0; // its children are still pushed: the walk checks them, not their parent
        });
        listener.removed(top, topType, bytes[0]);
    }

    /** Visits the present nodes at and below {@code top}, parents first. */
    private void walk(int top, IntConsumer visitor) {
        if (!present(top)) {
            return;
        }
        int[] stack = new int[16];
        int depth = 0;
        stack[depth++] = top;
        while (depth > 0) {
            int n = stack[--depth];
            visitor.accept(n);
            for (int c = firstChild[n]; c != NONE; c = nextSibling[c]) {
                if (present(c)) {
                    if (depth == stack.length) {
                        stack = Arrays.copyOf(stack, depth * 2);
                    }
                    stack[depth++] = c;
                }
            }
        }
    }

    private void markTouched(int id, int layer) {
        for (int n = id; n != NONE && touched[n] != layer; n = parent[n]) {
            touched[n] = layer;
        }
    }

    private void setState(int id, EntryType entryType, int permissions, long owner, long group, long bytes,
            long packedDevice, String target, int layer) {
        type[id] = code(entryType);
        mode[id] = permissions;
        uid[id] = (int) owner;
        gid[id] = (int) group;
        size[id] = bytes;
        device[id] = packedDevice;
        link[id] = target;
        written[id] = layer;
    }

    static long symlinkSize(TarEntry entry) {
        return entry.linkName().getBytes(StandardCharsets.UTF_8).length;
    }

    private static byte code(EntryType entryType) {
        return (byte) (entryType.ordinal() + 1);
    }

    // ---- the path table ----

    private int lookup(String path) {
        int current = ROOT;
        int start = 0;
        while (start < path.length() && current != NONE) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            current = child(current, path.substring(start, end), false);
            start = end + 1;
        }
        return current;
    }

    /** The child of {@code dir} called {@code childName}, added to the table when asked; NONE when absent. */
    private int child(int dir, String childName, boolean create) {
        int mask = slots.length - 1;
        int slot = hash(dir, childName) & mask;
        while (slots[slot] != 0) {
            int candidate = slots[slot] - 1;
            if (parent[candidate] == dir && name[candidate].equals(childName)) {
                return candidate;
            }
            slot = (slot + 1) & mask;
        }
        if (!create) {
            return NONE;
        }
        if (count == parent.length) {
            grow();
            return child(dir, childName, true);
        }
        int id = count++;
        parent[id] = dir;
        name[id] = childName;
        nextSibling[id] = firstChild[dir];
        firstChild[dir] = id;
        firstChild[id] = NONE;
        type[id] = 0;
        written[id] = NONE;
        touched[id] = NONE;
        slots[slot] = id + 1;
        return id;
    }

    private static int hash(int dir, String childName) {
        int h = dir * 0x9E3779B1 + childName.hashCode();
        return h ^ (h >>> 16);
    }

    /** Doubles the capacity (by half as much again beyond a million paths) and rebuilds the slots. */
    private void grow() {
        resize(parent.length < 1 << 20 ? parent.length * 2 : parent.length + parent.length / 2);
        int mask = slots.length - 1;
        for (int id = 1; id < count; id++) {
            int slot = hash(parent[id], name[id]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }
    }

    /** Gives every per-node array room for {@code capacity} nodes, keeping what they hold; empties the slots. */
    private void resize(int capacity) {
        parent = Arrays.copyOf(parent, capacity);
        firstChild = Arrays.copyOf(firstChild, capacity);
        nextSibling = Arrays.copyOf(nextSibling, capacity);
        name = Arrays.copyOf(name, capacity);
        type = Arrays.copyOf(type, capacity);
        mode = Arrays.copyOf(mode, capacity);
        uid = Arrays.copyOf(uid, capacity);
        gid = Arrays.copyOf(gid, capacity);
        size = Arrays.copyOf(size, capacity);
        device = Arrays.copyOf(device, capacity);
        link = Arrays.copyOf(link, capacity);
        written = Arrays.copyOf(written, capacity);
        touched = Arrays.copyOf(touched, capacity);
        digests = Arrays.copyOf(digests, keepDigests ? capacity * DIGEST_BYTES : 0);
        // a power of two at least twice the capacity, so that probing stays short
        slots = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
    }
}
