package dev.lamina.builder.fs;

import dev.lamina.builder.LayerRef;
import dev.lamina.image.Digest;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.util.Optional;

/**
 * One path of a stage's file system: its metadata as the layers leave it ({@code entry}, named by the path), and,
 * for a regular file, where its content is (the layer and the entry name there) and the content's digest. A
 * hardlink is seen through: it is a regular file with its target's content.
 */
public record FileNode(String path, TarEntry entry, Optional<LayerRef> layer, String nameInLayer,
        Optional<Digest> content) {

    public EntryType type() {
        return entry.type();
    }

    public boolean isDirectory() {
        return entry.type() == EntryType.DIRECTORY;
    }

    public boolean isSymlink() {
        return entry.type() == EntryType.SYMLINK;
    }

    public boolean isRegularFile() {
        return entry.type() == EntryType.REGULAR;
    }

    /** A directory that no layer describes, made because a layer put something below it (0755, root). */
    static FileNode implicitDirectory(String path) {
        return new FileNode(path, TarEntry.builder(path + "/", EntryType.DIRECTORY).mode(0755).build(),
                Optional.empty(), path, Optional.empty());
    }
}
