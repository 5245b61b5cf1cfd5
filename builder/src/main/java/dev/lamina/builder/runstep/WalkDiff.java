package dev.lamina.builder.runstep;

import dev.lamina.tarball.fs.FileSystemOps;
import dev.lamina.tarball.fs.HostFileSystem;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The changes of a step run in a plain directory, found by a metadata walk against the state recorded before the
 * command ran. The recorded state is each path's inode and change time: a path whose inode and ctime are both as
 * recorded was not touched (no write, chmod, chown, link or rename leaves ctime alone), so only touched paths are
 * compared with the base, by {@link DiffWriter}, which reads content only where metadata cannot decide. A
 * directory with a new inode was removed and recreated; a recorded path that is gone, under a parent still there,
 * was deleted.
 */
final class WalkDiff {
    private record Recorded(long inode, FileTime ctime, boolean directory) {
    }

    private final Path root;
    private final Map<String, Recorded> before;
    private final Set<String> marked;
    private final FileSystemOps fs;

    private WalkDiff(Path root, Map<String, Recorded> before, Set<String> marked, FileSystemOps fs) {
        this.root = root;
        this.before = before;
        this.marked = marked;
        this.fs = fs;
    }

    /**
     * Records the state of {@code root} before the command runs in it. Each directory also gets a marker xattr
     * ({@code trusted.lamina.walk}, or {@code user.lamina.walk} without root, where the file system takes it): a
     * file system may give a directory removed and made again its old inode number, but never its xattrs.
     */
    static WalkDiff record(Path root) throws IOException {
        FileSystemOps fs = HostFileSystem.create();
        String marker = marker(fs);
        Map<String, Recorded> state = new HashMap<>();
        Set<String> marked = new HashSet<>();
        boolean[] markable = {true};
        walk(root, "", (path, recorded) -> {
            state.put(path, recorded);
            if (recorded.directory() && markable[0]) {
                try {
                    fs.setXattr(root.resolve(path), marker, MARK);
                    marked.add(path);
                    state.put(path, read(root.resolve(path))); // the marker changed its ctime

                } catch (IOException | UnsupportedOperationException e) {
                    markable[0] = false; // inode numbers alone, then
                }
            }
            return true;
        });
        return new WalkDiff(root, state, marked, fs);
    }

    private static final byte[] MARK = {'1'};

    private static String marker(FileSystemOps fs) {
        return (fs.privileged() ? "trusted" : "user") + ".lamina.walk";
    }

    private boolean recreated(String path, Recorded was, Recorded now) throws IOException {
        if (was.inode() != now.inode()) {
            return true;
        }
        return marked.contains(path) && !fs.xattrs(root.resolve(path)).containsKey(marker(fs));
    }

    /** What changed since {@link #record}. */
    Map<String, DiffWriter.Kind> changes() throws IOException {
        Map<String, DiffWriter.Kind> changes = new TreeMap<>();
        Set<String> present = new HashSet<>();
        Set<String> keptDirectories = new HashSet<>();
        keptDirectories.add("");
        walk(root, "", (path, now) -> {
            present.add(path);
            if (path.isEmpty()) {
                return true; // the root is never an entry of a layer
            }
            Recorded was = before.get(path);
            if (was == null) {
                changes.put(path, DiffWriter.Kind.CANDIDATE);
                return true;
            }
            if (was.directory() && now.directory() && recreated(path, was, now)) {
                changes.put(path, DiffWriter.Kind.REPLACED_DIRECTORY);
                return false;
            }
            if (was.inode() != now.inode() || !was.ctime().equals(now.ctime())) {
                changes.put(path, DiffWriter.Kind.CANDIDATE);
            }
            if (was.directory() && now.directory()) {
                keptDirectories.add(path);
            }
            return true;
        });
        for (String path : before.keySet()) {
            if (!path.isEmpty() && !present.contains(path) && keptDirectories.contains(DiffWriter.parentOf(path))) {
                changes.put(path, DiffWriter.Kind.DELETED);
            }
        }
        return changes;
    }

    private interface Visitor {
        /** Returns whether to descend into a directory. */
        boolean visit(String path, Recorded state) throws IOException;
    }

    private static void walk(Path dir, String path, Visitor visitor) throws IOException {
        if (path.isEmpty()) {
            visitor.visit("", read(dir));
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                String childPath = path.isEmpty() ? child.getFileName().toString() : path + "/" + child.getFileName();
                Recorded state = read(child);
                if (visitor.visit(childPath, state) && state.directory()) {
                    walk(child, childPath, visitor);
                }
            }
        }
    }

    private static Recorded read(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:ino,ctime,mode", LinkOption.NOFOLLOW_LINKS);
        return new Recorded((Long) a.get("ino"), (FileTime) a.get("ctime"),
                (((Integer) a.get("mode")) & 0170000) == 0040000);
    }
}
