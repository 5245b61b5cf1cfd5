package dev.lamina.builder.fs;

import dev.lamina.builder.run.RootView;
import dev.lamina.image.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** A stage's root as {@link RootView} sees it ({@code /etc/passwd} for {@code --chown}), read from its layers. */
public record TreeRootView(FileTree tree, Store store) implements RootView {
    @Override
    public Optional<byte[]> read(String containerPath) {
        try {
            Optional<FileNode> node = tree.lookup(TreePaths.of(containerPath));
            return node.isEmpty() ? Optional.empty() : LayerContents.readSmall(store, node.get(), MAX_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
