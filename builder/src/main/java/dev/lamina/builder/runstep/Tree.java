package dev.lamina.builder.runstep;

import dev.lamina.tarball.fs.FileStat;
import dev.lamina.tarball.fs.FileSystemOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A file system read by container path ({@code "etc/passwd"}, relative, no leading slash; {@code ""} is the root):
 * the state before a step (the base) or after it. The diff reads both through this.
 */
interface Tree {
    /** Where {@code path}'s entry is on the host, if the tree has one; never follows a symlink at any component. */
    Optional<Path> find(String path) throws IOException;

    FileSystemOps fs();

    default Optional<FileStat> lstat(String path) throws IOException {
        Optional<Path> host = find(path);
        return host.isEmpty() ? Optional.empty() : fs().lstat(host.get());
    }

    /** A plain directory holding the whole tree. */
    static Tree directory(Path root, FileSystemOps fs) {
        return new Tree() {
            @Override
            public Optional<Path> find(String path) throws IOException {
                Path current = root;
                if (path.isEmpty()) {
                    return Optional.of(root);
                }
                String[] parts = path.split("/");
                for (int i = 0; i < parts.length; i++) {
                    current = current.resolve(parts[i]);
                    Optional<FileStat> stat = fs.lstat(current);
                    if (stat.isEmpty() || (i < parts.length - 1 && !stat.get().isDirectory())) {
                        return Optional.empty();
                    }
                }
                return Optional.of(current);
            }

            @Override
            public FileSystemOps fs() {
                return fs;
            }
        };
    }

    /**
     * The merged view of overlay lower directories ({@code layers} top-most first), as overlayfs shows it: a name
     * comes from the top-most layer that has it; a whiteout (0:0 character device) or a non-directory in a higher
     * layer hides what is below; an opaque directory hides the content of the same directory below.
     */
    static Tree overlay(List<Path> layers, FileSystemOps fs) {
        return new Tree() {
            @Override
            public Optional<Path> find(String path) throws IOException {
                String[] parts = path.isEmpty() ? new String[0] : path.split("/");
                if (parts.length == 0) {
                    return layers.isEmpty() ? Optional.empty() : Optional.of(layers.get(0));
                }
                for (Path layer : layers) {
                    Path current = layer;
                    boolean opaqueAbove = false;
                    for (int i = 0; i < parts.length; i++) {
                        current = current.resolve(parts[i]);
                        Optional<FileStat> stat = fs.lstat(current);
                        if (stat.isEmpty()) {
                            break;
                        }
                        if (isWhiteout(stat.get())) {
                            return Optional.empty();
                        }
                        if (i == parts.length - 1) {
                            return Optional.of(current);
                        }
                        if (!stat.get().isDirectory()) {
                            return Optional.empty();
                        }
                        if (isOpaque(fs, current)) {
                            opaqueAbove = true;
                        }
                    }
                    if (opaqueAbove) {
                        return Optional.empty();
                    }
                }
                return Optional.empty();
            }

            @Override
            public FileSystemOps fs() {
                return fs;
            }
        };
    }

    static boolean isWhiteout(FileStat stat) {
        return stat.type().filter(t -> t == dev.lamina.tarball.tar.EntryType.CHAR_DEVICE).isPresent()
                && stat.rdev() == 0;
    }

    static boolean isOpaque(FileSystemOps fs, Path dir) throws IOException {
        Map<String, byte[]> xattrs = fs.xattrs(dir);
        byte[] value = xattrs.get(OverlayDiff.OPAQUE);
        return value != null && value.length == 1 && value[0] == 'y';
    }
}
