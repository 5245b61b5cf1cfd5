package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a container path to the host path it denotes in a root directory, following symlinks as the
 * container would: an absolute link starts again at the root, and {@code ..} never leaves it. The result
 * is always inside the root; names that do not exist are appended as they are.
 */
final class InRoot {
    private static final int MAX_LINKS = 40;

    /** What a name is, to the walk: absent (the walk ends empty), a symlink to follow, or anything else. */
    sealed interface Entry {
    }

    record Absent() implements Entry {
    }

    record Link(String target) implements Entry {
    }

    record Present() implements Entry {
    }

    /** Tells what {@code name} is in the directory the names {@code parents} lead to. */
    interface Lookup {
        Entry find(List<String> parents, String name);
    }

    private InRoot() {
    }

    static Path resolve(Path root, String containerPath) {
        List<String> names = walk(containerPath, (parents, name) -> {
            Path candidate = join(root, parents).resolve(name);
            return Files.isSymbolicLink(candidate) ? new Link(readLink(candidate)) : new Present();
        }).orElseThrow();
        return join(root, names);
    }

    /**
     * The names {@code containerPath} leads to, without symlinks, "." or ".." (an absolute link restarts at
     * the root, ".." stops there); empty when {@code lookup} says a name on the way is absent.
     */
    static Optional<List<String>> walk(String containerPath, Lookup lookup) {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, containerPath);
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Entry entry = lookup.find(List.copyOf(done), name);
            if (entry instanceof Absent) {
                return Optional.empty();
            }
            if (entry instanceof Link link) {
                if (++links > MAX_LINKS) {
                    throw new LaminaException("too many levels of symbolic links resolving " + containerPath);
                }
                if (link.target().startsWith("/")) {
                    done.clear();
                }
                push(todo, link.target());
                continue;
            }
            done.add(name);
        }
        return Optional.of(done);
    }

    private static void push(Deque<String> todo, String path) {
        String[] names = path.split("/");
        for (int i = names.length - 1; i >= 0; i--) {
            todo.push(names[i]);
        }
    }

    static Path join(Path root, List<String> names) {
        Path path = root;
        for (String name : names) {
            path = path.resolve(name);
        }
        return path;
    }

    static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
