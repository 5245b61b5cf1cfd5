package dev.lamina.tarball.inspect;

import java.util.HashSet;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tells additions from modifications, and counts what deletions remove, by keeping the set of paths the
 * layers read so far produce. Feed it each layer's changes in order, between {@link #beginLayer()} calls.
 * Memory grows with the number of paths in the image, not with content.
 */
public final class ChangeClassifier {
    /** What a change did to the filesystem below it. */
    public enum Kind {
        ADDED, MODIFIED, DELETED, OPAQUE, NONE
    }

    /** A classified change, with how many paths of the layers below it removed. */
    public record Classified(LayerChange change, Kind kind, int removed) {
    }

    private final NavigableSet<String> paths = new TreeSet<>();
    private final Set<String> thisLayer = new HashSet<>();
    private final Set<String> thisLayerAncestors = new HashSet<>();

    public void beginLayer() {
        thisLayer.clear();
        thisLayerAncestors.clear();
    }

    public Classified classify(LayerChange change) {
        if (change instanceof LayerChange.Write w) {
            return write(w);
        }
        if (change instanceof LayerChange.Delete d) {
            int removed = removeBelow(d.path(), true);
            return new Classified(d, removed > 0 ? Kind.DELETED : Kind.NONE, removed);
        }
        return new Classified(change, Kind.OPAQUE, removeBelow(change.path(), false));
    }

    /** The paths present after the changes classified so far. */
    public NavigableSet<String> paths() {
        return java.util.Collections.unmodifiableNavigableSet(paths);
    }

    private Classified write(LayerChange.Write w) {
        String path = w.path();
        boolean existed = !path.isEmpty() && paths.contains(path);
        if (!path.isEmpty()) {
            addWithParents(path);
        }
        thisLayer.add(path);
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            thisLayerAncestors.add(path.substring(0, slash));
        }
        return new Classified(w, path.isEmpty() || existed ? Kind.MODIFIED : Kind.ADDED, 0);
    }

    private void addWithParents(String path) {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            paths.add(path.substring(0, slash));
        }
        paths.add(path);
    }

    /** Removes the lower paths below {@code path} (and {@code path} itself when asked), sparing this layer's. */
    private int removeBelow(String path, boolean itself) {
        int removed = 0;
        if (itself && !thisLayer.contains(path) && paths.remove(path)) {
            removed++;
        }
        String prefix = path.isEmpty() ? "" : path + "/";
        NavigableSet<String> below = prefix.isEmpty() ? paths : paths.subSet(prefix, true, prefix + Character.MAX_VALUE, false);
        for (var it = below.iterator(); it.hasNext(); ) {
            String p = it.next();
            if (!thisLayer.contains(p) && !thisLayerAncestors.contains(p)) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }
}
