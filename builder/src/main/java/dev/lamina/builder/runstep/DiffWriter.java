package dev.lamina.builder.runstep;

import dev.lamina.tarball.fs.FileStat;
import dev.lamina.tarball.fs.FileSystemOps;
import dev.lamina.tarball.layer.LayerWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns what a snapshotter found into a layer, with BuildKit's rules, so that the overlay path and the walk agree:
 * <ul>
 * <li>a path that may have changed and exists in the base is written only if it differs there as continuity
 * compares ({@code sameDirent}): type, mode, owner, device, file capabilities; for a non-directory also size and
 * modification time, and the content (or link target) where both times lack nanoseconds and so cannot decide;
 * a directory whose only change is its time is not a change;</li>
 * <li>a deleted path is a whiteout {@code .wh.NAME}; a directory removed and recreated is written whole after an
 * opaque marker {@code .wh..wh..opq} (Docker's overlay2 form; BuildKit would list a whiteout per old child);</li>
 * <li>every written path's parent directories are written too (as containerd's change writer does), the root
 * never;</li>
 * <li>entries in tar order: parents first, siblings by the bytes of their names.</li>
 * </ul>
 */
final class DiffWriter {
    /** What a snapshotter says about one path (relative, no leading slash). */
    enum Kind {
        /** Exists after the step and may differ from the base (new, or touched). */
        CANDIDATE,
        /** Gone after the step (its parent still there). */
        DELETED,
        /** A directory before and after, but removed and recreated: only its new content counts. */
        REPLACED_DIRECTORY
    }

    private enum Action {
        ENTRY, WHITEOUT, OPAQUE
    }

    private record Emit(String path, Action action) {
    }

    private final Tree base;
    private final Tree after;
    private final FileSystemOps fs;

    DiffWriter(Tree base, Tree after) {
        this.base = base;
        this.after = after;
        this.fs = after.fs();
    }

    /** The layer's entries, decided: what {@link #plan} found, ready to be written. */
    final class Plan {
        private final TreeMap<List<String>, Emit> emits;

        private Plan(TreeMap<List<String>, Emit> emits) {
            this.emits = emits;
        }

        /** Writes the entries into {@code writer}; returns how many (0: nothing changed). */
        int write(LayerWriter writer) throws IOException {
            for (Emit emit : emits.values()) {
                switch (emit.action()) {
                    case ENTRY -> writer.addPath(emit.path(), after.find(emit.path()).orElseThrow());
                    case WHITEOUT -> writer.whiteout(emit.path());
                    case OPAQUE -> writer.opaque(emit.path());
                }
            }
            return emits.size();
        }
    }

    /** Decides the layer's entries from what a snapshotter found. */
    Plan plan(Map<String, Kind> changes) throws IOException {
        TreeMap<List<String>, Emit> emits = new TreeMap<>(DiffWriter::compareNames);
        for (Map.Entry<String, Kind> change : changes.entrySet()) {
            String path = change.getKey();
            switch (change.getValue()) {
                case DELETED -> {
                    if (base.find(path).isPresent()) {
                        emits.put(name(path, Action.WHITEOUT), new Emit(path, Action.WHITEOUT));
                    }
                }
                case REPLACED_DIRECTORY -> {
                    emits.put(name(path, Action.ENTRY), new Emit(path, Action.ENTRY));
                    emits.put(name(path, Action.OPAQUE), new Emit(path, Action.OPAQUE));
                    Path host = after.find(path).orElseThrow();
                    addSubtree(path, host, emits);
                }
                case CANDIDATE -> {
                    Optional<Path> afterHost = after.find(path);
                    if (afterHost.isEmpty()) {
                        continue;
                    }
                    Optional<Path> baseHost = base.find(path);
                    if (baseHost.isEmpty() || !same(baseHost.get(), afterHost.get())) {
                        emits.put(name(path, Action.ENTRY), new Emit(path, Action.ENTRY));
                    }
                }
            }
        }
        for (Emit emit : List.copyOf(emits.values())) {
            String parent = parentOf(emit.path());
            while (!parent.isEmpty()) {
                List<String> key = name(parent, Action.ENTRY);
                if (emits.containsKey(key)) {
                    break;
                }
                emits.put(key, new Emit(parent, Action.ENTRY));
                parent = parentOf(parent);
            }
        }
        return new Plan(emits);
    }

    /** Everything below a recreated directory, as it is after the step. */
    private void addSubtree(String path, Path host, TreeMap<List<String>, Emit> emits) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(host)) {
            stream.forEach(children::add);
        }
        for (Path child : children) {
            String childPath = path + "/" + child.getFileName();
            FileStat stat = fs.lstat(child).orElseThrow();
            if (Tree.isWhiteout(stat)) {
                continue; // an overlay whiteout inside a new directory hides nothing
            }
            emits.put(name(childPath, Action.ENTRY), new Emit(childPath, Action.ENTRY));
            if (stat.isDirectory()) {
                addSubtree(childPath, child, emits);
            }
        }
    }

    /** continuity's {@code sameFile}: what BuildKit counts as unchanged. */
    private boolean same(Path before, Path now) throws IOException {
        FileStat a = fs.lstat(before).orElseThrow();
        FileStat b = fs.lstat(now).orElseThrow();
        if (!a.type().equals(b.type()) || a.mode() != b.mode() || a.uid() != b.uid() || a.gid() != b.gid()
                || a.rdev() != b.rdev()) {
            return false;
        }
        if (!a.isSymlink() && !Arrays.equals(capability(before), capability(now))) {
            return false;
        }
        if (a.isDirectory()) {
            return true;
        }
        if (a.size() != b.size() || a.modTime().getEpochSecond() != b.modTime().getEpochSecond()) {
            return false;
        }
        if (a.modTime().getNano() != 0 || b.modTime().getNano() != 0) {
            return a.modTime().getNano() == b.modTime().getNano();
        }
        // times truncated to seconds (as layers carry them): only the content can tell
        if (a.isSymlink()) {
            return fs.readSymlink(before).equals(fs.readSymlink(now));
        }
        if (!a.isRegularFile() || a.size() == 0) {
            return true;
        }
        try (InputStream x = fs.openFile(before); InputStream y = fs.openFile(now)) {
            byte[] bx = new byte[1 << 16];
            byte[] by = new byte[1 << 16];
            while (true) {
                int nx = x.readNBytes(bx, 0, bx.length);
                int ny = y.readNBytes(by, 0, by.length);
                if (nx != ny || !Arrays.equals(bx, 0, nx, by, 0, ny)) {
                    return false;
                }
                if (nx < bx.length) {
                    return true;
                }
            }
        }
    }

    private byte[] capability(Path path) throws IOException {
        return fs.xattrs(path).get("security.capability");
    }

    /** The entry's name in the layer, as components: what tar order sorts. */
    private static List<String> name(String path, Action action) {
        List<String> parts = new ArrayList<>(List.of(path.split("/")));
        switch (action) {
            case WHITEOUT -> parts.set(parts.size() - 1, ".wh." + parts.get(parts.size() - 1));
            case OPAQUE -> parts.add(".wh..wh..opq");
            case ENTRY -> { }
        }
        return parts;
    }

    private static int compareNames(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Arrays.compareUnsigned(a.get(i).getBytes(StandardCharsets.UTF_8),
                    b.get(i).getBytes(StandardCharsets.UTF_8));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static final Comparator<String> PATH_ORDER = (a, b) -> compareNames(List.of(a.split("/")), List.of(b.split("/")));
}
