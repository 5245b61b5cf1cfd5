package dev.lamina.tarball.apply;

import dev.lamina.tarball.fs.FileStat;
import dev.lamina.tarball.fs.FileSystemOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a path inside a root directory the way a process chrooted there would: component by component,
 * following each symlink by reading it and resolving its target inside the root (an absolute target starts
 * again at the root, {@code ..} stops at the root). The result never names anything outside the root, whatever
 * the links say, and is never obtained by joining first and checking afterwards.
 *
 * <p>Only the directories leading to an entry are followed; the last component is returned unresolved, so
 * that creating or removing it never goes through a symlink.
 */
final class RootResolver {
    /** As Linux's limit on symlinks followed in one lookup. */
    static final int MAX_SYMLINKS = 40;

    private final Path root;
    private final FileSystemOps fs;

    RootResolver(Path root, FileSystemOps fs) {
        this.root = root;
        this.fs = fs;
    }

    /** Where an entry lands: the host path, and the path relative to the root (components joined by '/'). */
    record Resolved(Path host, String relative) {
        String parentRelative() {
            int slash = relative.lastIndexOf('/');
            return slash < 0 ? "" : relative.substring(0, slash);
        }
    }

    /** Something to do with a directory that had to be created to reach an entry. */
    interface Created {
        void created(Path host, String relative) throws IOException;
    }

    /**
     * Resolves {@code components} (already free of {@code ..}): all but the last are followed as directories
     * (missing ones are created through {@code onCreate}), the last is appended as it is. Empty components
     * resolve to the root itself.
     */
    Resolved resolve(List<String> components, Created onCreate) throws IOException {
        if (components.isEmpty()) {
            return new Resolved(root, "");
        }
        List<String> parent = directory(components.subList(0, components.size() - 1), onCreate);
        String last = components.get(components.size() - 1);
        List<String> full = new ArrayList<>(parent);
        full.add(last);
        return new Resolved(host(full), String.join("/", full));
    }

    /** Follows every component as a directory and returns the real directory reached, inside the root. */
    List<String> directory(List<String> components, Created onCreate) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components);
        List<String> current = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!current.isEmpty()) {
                    current.remove(current.size() - 1); // at the root, .. is the root
                }
                continue;
            }
            current.add(part);
            Path host = host(current);
            Optional<FileStat> stat = fs.lstat(host);
            if (stat.isEmpty()) {
                onCreate.created(host, String.join("/", current));
                continue;
            }
            if (stat.get().isDirectory()) {
                continue;
            }
            if (!stat.get().isSymlink()) {
                throw new NotADirectory(String.join("/", current));
            }
            if (++links > MAX_SYMLINKS) {
                throw new TooManyLinks(String.join("/", current));
            }
            String target = fs.readSymlink(host);
            current.remove(current.size() - 1);
            if (target.startsWith("/")) {
                current.clear();
            }
            String[] targetParts = target.split("/");
            for (int i = targetParts.length - 1; i >= 0; i--) {
                pending.addFirst(targetParts[i]);
            }
        }
        return current;
    }

    Path host(List<String> components) {
        Path p = root;
        for (String c : components) {
            p = p.resolve(c);
        }
        return p;
    }

    Path root() {
        return root;
    }

    /** A component on the way is a file, not a directory. */
    static final class NotADirectory extends IOException {
        NotADirectory(String path) {
            super("\"" + path + "\" is not a directory");
        }
    }

    /** The symlinks on the way form a loop, or a chain too long to follow. */
    static final class TooManyLinks extends IOException {
        TooManyLinks(String path) {
            super("too many levels of symbolic links at \"" + path + "\"");
        }
    }
}
