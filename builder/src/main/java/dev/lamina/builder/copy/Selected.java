package dev.lamina.builder.copy;

import java.util.List;

/**
 * What one source of a COPY or ADD selects: the entry the source path leads to ({@code top}, a symlink at the top
 * followed), the name it is copied under ({@code name}: the last component of the path as written, or with
 * {@code --parents} the path below the pivot), and for a directory its contents (depth-first, filtered).
 *
 * @param parents with {@code --parents}, the source directories between the pivot and {@code top}, shallowest first
 */
record Selected(String name, SourceEntry top, List<SourceEntry> contents, List<SourceEntry> parents,
        boolean keepParents) {
    Selected {
        contents = List.copyOf(contents);
        parents = List.copyOf(parents);
    }
}
