package dev.lamina.builder.fs;

import dev.lamina.builder.BuildException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Follows symlinks as a process chrooted in a root would (containerd's {@code fs.RootPath}): {@code ..} stops at the
 * root, an absolute target restarts from it, components that do not exist are kept as written. The same rule for
 * an image's file tree and for a build context on disk, which differ only in how a symlink is read.
 */
public final class PathResolver {
    private static final int MAX_LINKS = 255;

    private PathResolver() {
    }

    /**
     * {@code path} with its symlinks followed, in {@link TreePaths} form; {@code linkAt} says what the symlink at a
     * (resolved) path points to, or empty when there is none. The last component is followed only when
     * {@code followLast}.
     */
    public static String resolve(String path, boolean followLast, Function<String, Optional<String>> linkAt) {
        Deque<String> pending = new ArrayDeque<>(split(path));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.pollFirst();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            String candidate = resolved.isEmpty() ? name : String.join("/", resolved) + "/" + name;
            Optional<String> target = followLast || !pending.isEmpty() ? linkAt.apply(candidate) : Optional.empty();
            if (target.isPresent()) {
                if (++links > MAX_LINKS) {
                    throw new BuildException("too many levels of symbolic links in /" + TreePaths.of(path));
                }
                if (target.get().startsWith("/")) {
                    resolved.clear();
                }
                List<String> parts = split(target.get());
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.addFirst(parts.get(i));
                }
                continue;
            }
            resolved.add(name);
        }
        return String.join("/", resolved);
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }
}
