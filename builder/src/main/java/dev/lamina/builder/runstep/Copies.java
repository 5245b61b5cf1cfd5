package dev.lamina.builder.runstep;

import dev.lamina.tarball.fs.FileStat;
import dev.lamina.tarball.fs.FileSystemOps;
import dev.lamina.tarball.fs.HostFileSystem;
import dev.lamina.tarball.tar.EntryType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies a file tree exactly: types, content, modes (setuid and sticky bits too), owners (when privileged), xattrs,
 * symlink targets, hardlinks kept as hardlinks, device nodes, and modification times, directories' set after their
 * children. The metadata walk needs an exact copy: anything it changed would look like a change of the step.
 */
final class Copies {
    private Copies() {
    }

    /** Copies the content of directory {@code source} into {@code target}, which must not exist. */
    static void copyTree(Path source, Path target) throws IOException {
        FileSystemOps fs = HostFileSystem.create();
        new Copy(fs).directory(source, target, fs.lstat(source).orElseThrow());
    }

    private record Key(long device, long inode) {
    }

    private static final class Copy {
        private final FileSystemOps fs;
        private final Map<Key, Path> links = new HashMap<>();

        Copy(FileSystemOps fs) {
            this.fs = fs;
        }

        void directory(Path source, Path target, FileStat stat) throws IOException {
            fs.createDirectory(target, 0700);
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(source)) {
                stream.forEach(children::add);
            }
            for (Path child : children) {
                Path to = target.resolve(child.getFileName().toString());
                FileStat childStat = fs.lstat(child).orElseThrow();
                if (childStat.isDirectory()) {
                    directory(child, to, childStat);
                } else {
                    entry(child, to, childStat);
                }
            }
            metadata(source, target, stat);
        }

        private void entry(Path source, Path target, FileStat stat) throws IOException {
            if (stat.type().isEmpty()) {
                return; // a socket: no layer holds one
            }
            if (stat.links() > 1) {
                Key key = new Key(stat.device(), stat.inode());
                Path first = links.get(key);
                if (first != null) {
                    fs.createHardlink(target, first);
                    return;
                }
                links.put(key, target);
            }
            EntryType type = stat.type().get();
            switch (type) {
                case REGULAR -> {
                    try (InputStream in = fs.openFile(source); OutputStream out = fs.createFile(target, 0600)) {
                        in.transferTo(out);
                    }
                }
                case SYMLINK -> fs.createSymlink(target, fs.readSymlink(source));
                case FIFO, CHAR_DEVICE, BLOCK_DEVICE -> fs.createSpecial(target, type, stat.mode(), stat.rdevMajor(),
                        stat.rdevMinor());
                default -> throw new IOException("cannot copy " + source + ": " + type);
            }
            metadata(source, target, stat);
        }

        private void metadata(Path source, Path target, FileStat stat) throws IOException {
            if (fs.privileged()) {
                fs.setOwner(target, stat.uid(), stat.gid());
            }
            if (!stat.isSymlink()) {
                fs.setMode(target, stat.mode());
                for (Map.Entry<String, byte[]> xattr : fs.xattrs(source).entrySet()) {
                    fs.setXattr(target, xattr.getKey(), xattr.getValue());
                }
            }
            fs.setModTime(target, stat.modTime());
        }
    }
}
