package dev.lamina.builder.copy;

import dev.lamina.builder.fs.FileTree;
import dev.lamina.builder.fs.TreePaths;
import dev.lamina.builder.run.RootView;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * WORKDIR's layer: BuildKit makes the directory and its missing parents ({@code mkdir -p}, 0755, owned by the
 * stage's USER), through the stage's symlinks. The layer holds the directories made and the existing ones on the way
 * to them; when nothing was missing, there is nothing to write (the caller records an empty layer, as BuildKit does).
 */
public final class Directories {
    private Directories() {
    }

    /**
     * The layer for {@code mkdir -p path} over {@code lower}, or empty when every directory exists already. The
     * directories made are owned by {@code user} (the stage's USER, resolved as {@code --chown} is, through
     * {@code root}; empty for root).
     */
    public static Optional<LayerComposer.Written> makeAll(FileTree lower, String path, String user,
            Supplier<RootView> root, Instant time, Store store, LayerOptions options) throws IOException {
        Ownership owner = user.isEmpty() ? new Ownership(0, 0) : Ownership.parse(user, root);
        Placement placement = new Placement(lower);
        String resolved = placement.resolve(TreePaths.of(path), true);
        boolean missing = TreePaths.selfAndAncestors(resolved).stream().anyMatch(p -> !placement.isDirectory(p));
        if (!missing) {
            return Optional.empty();
        }
        placement.mkdirAll(resolved, TarEntry.builder("d", EntryType.DIRECTORY).mode(0755)
                .owner(owner.uid(), owner.gid()).modTime(time).build());
        return Optional.of(LayerComposer.write(placement, store, options));
    }
}
