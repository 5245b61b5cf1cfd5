package dev.lamina.tarball.archive;

import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.tar.TarFormatException;
import dev.lamina.tarball.tar.TarReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The archive's own links (docker save writes {@code <id>/layer.tar} as a symlink to the first copy of a
 * shared layer): resolved by name inside the archive, never on the filesystem, with a bound on hops.
 */
final class MemberLinks {
    private static final int MAX_HOPS = 16;

    private final Map<String, String> links = new HashMap<>();

    /** What to do with a regular-file member, whose content the reader is positioned at. */
    @FunctionalInterface
    interface RegularFile {
        void accept(String name, TarEntry entry) throws IOException;
    }

    /**
     * Reads every header of an archive: links are recorded here, each regular file goes to {@code regular}
     * (under its normalised name), everything else is passed over. Format errors name the archive.
     */
    void scan(TarReader reader, String description, RegularFile regular) throws IOException {
        try {
            for (Optional<TarEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
                TarEntry entry = next.get();
                String name = ArchiveContents.normalise(entry.name());
                switch (entry.type()) {
                    case REGULAR -> regular.accept(name, entry);
                    case SYMLINK -> symlink(name, entry.linkName());
                    case HARDLINK -> hardlink(name, entry.linkName());
                    default -> { }
                }
            }
        } catch (TarFormatException e) {
            throw new TarFormatException(description + ": " + e.getMessage());
        }
    }

    /** A symlink: its target is relative to the link's directory (or absolute from the archive root). */
    void symlink(String name, String target) {
        String base = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
        links.put(name, resolve(target.startsWith("/") ? "" : base, target));
    }

    /** A hardlink: its target is a member name. */
    void hardlink(String name, String target) {
        links.put(name, ArchiveContents.normalise(target));
    }

    /** Where {@code name} finally points, or empty when the chain is too long or leaves the archive. */
    Optional<String> follow(String name) {
        String current = name;
        for (int hops = 0; hops < MAX_HOPS; hops++) {
            String next = links.get(current);
            if (next == null) {
                return Optional.of(current);
            }
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.empty();
    }

    /** Joins and normalises inside the archive; an escape above its root gives "" (nothing). */
    private static String resolve(String base, String target) {
        List<String> parts = new ArrayList<>();
        for (String p : (base + "/" + target).split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return "";
                }
                parts.remove(parts.size() - 1);
                continue;
            }
            parts.add(p);
        }
        return String.join("/", parts);
    }
}
