package dev.lamina.builder.testing;

import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.inspect.LayerChange;
import dev.lamina.tarball.inspect.LayerReader;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** A layer's entries as the differential tests compare them with buildah's. */
public final class LayerEntries {
    private LayerEntries() {
    }

    /**
     * The entries, sorted, as {@code path type mode uid:gid target-or-size}; a hardlink reads as a regular file
     * with {@code (linked)} for its size, because buildah writes a hardlinked file's second name as the file.
     */
    public static List<String> of(InputStream blob) throws IOException {
        TreeSet<String> lines = new TreeSet<>();
        try (LayerReader reader = LayerReader.open(blob, ApplyOptions.DEFAULT_MAX_LAYER_BYTES, "layer")) {
            for (Optional<LayerChange> next = reader.next(); next.isPresent(); next = reader.next()) {
                LayerChange change = next.get();
                if (!(change instanceof LayerChange.Write write)) {
                    lines.add(change.path() + " " + change.getClass().getSimpleName().toLowerCase());
                    continue;
                }
                TarEntry e = write.entry();
                EntryType type = e.type() == EntryType.HARDLINK ? EntryType.REGULAR : e.type();
                String detail = switch (type) {
                    case SYMLINK -> "-> " + e.linkName();
                    case REGULAR -> e.type() == EntryType.HARDLINK ? "(linked)" : "size " + e.size();
                    default -> "";
                };
                lines.add(change.path() + " " + type.name().toLowerCase() + " " + Integer.toOctalString(e.mode())
                        + " " + e.uid() + ":" + e.gid() + " " + detail);
            }
        }
        return new ArrayList<>(lines);
    }
}
