package dev.lamina.builder.runstep;

import dev.lamina.image.LaminaException;
import dev.lamina.tarball.fs.FileStat;
import dev.lamina.tarball.fs.FileSystemOps;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The changes of a step run on an overlay, read from its upper directory alone: what the command wrote is there,
 * nothing else is (the runner's mount points come from a scratch layer below). A 0:0 character device is a
 * deletion; a directory marked {@code trusted.overlay.opaque=y} over a directory of the base was removed and
 * recreated; everything else may have changed (copied up) and is checked against the base by {@link DiffWriter}.
 * Costs what the step changed, whatever the size of the layers below.
 */
final class OverlayDiff {
    static final String OPAQUE = "trusted.overlay.opaque";
    private static final String REDIRECT = "trusted.overlay.redirect";
    private static final String METACOPY = "trusted.overlay.metacopy";

    private OverlayDiff() {
    }

    static Map<String, DiffWriter.Kind> changes(Path upper, Tree base, FileSystemOps fs) throws IOException {
        Map<String, DiffWriter.Kind> changes = new TreeMap<>();
        walk(upper, "", base, fs, changes);
        return changes;
    }

    private static void walk(Path dir, String path, Tree base, FileSystemOps fs, Map<String, DiffWriter.Kind> changes)
            throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        for (Path child : children) {
            String childPath = path.isEmpty() ? child.getFileName().toString() : path + "/" + child.getFileName();
            FileStat stat = fs.lstat(child).orElseThrow();
            if (Tree.isWhiteout(stat)) {
                changes.put(childPath, DiffWriter.Kind.DELETED);
                continue;
            }
            Map<String, byte[]> xattrs = fs.xattrs(child);
            if (xattrs.containsKey(REDIRECT) || xattrs.containsKey(METACOPY)) {
                throw new LaminaException("the overlay of a RUN step used redirect_dir or metacopy (/" + childPath
                        + "), which its upper directory cannot be read without; set LAMINA_SNAPSHOTTER=walk");
            }
            if (stat.isDirectory()) {
                byte[] opaque = xattrs.get(OPAQUE);
                boolean isOpaque = opaque != null && opaque.length == 1 && opaque[0] == 'y';
                if (isOpaque && base.lstat(childPath).map(FileStat::isDirectory).orElse(false)) {
                    changes.put(childPath, DiffWriter.Kind.REPLACED_DIRECTORY);
                    continue;
                }
                changes.put(childPath, DiffWriter.Kind.CANDIDATE);
                walk(child, childPath, base, fs, changes);
            } else {
                changes.put(childPath, DiffWriter.Kind.CANDIDATE);
            }
        }
    }
}
