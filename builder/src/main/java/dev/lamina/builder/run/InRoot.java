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

/**
 * Resolves a container path to the host path it denotes in a root directory, following symlinks as the
 * container would: an absolute link starts again at the root, and {@code ..} never leaves it. The result
 * is always inside the root; names that do not exist are appended as they are.
 */
final class InRoot {
    private static final int MAX_LINKS = 40;

    private InRoot() {
    }

    static Path resolve(Path root, String containerPath) {
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
            Path candidate = join(root, done).resolve(name);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new LaminaException("too many levels of symbolic links resolving " + containerPath);
                }
                String target = readLink(candidate);
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
                continue;
            }
            done.add(name);
        }
        return join(root, done);
    }

    /** The container path {@code hostPath} has under {@code root}: {@code /} and names joined by '/'. */
    static String containerPath(Path root, Path hostPath) {
        return "/" + root.relativize(hostPath).toString();
    }

    private static void push(Deque<String> todo, String path) {
        String[] names = path.split("/");
        for (int i = names.length - 1; i >= 0; i--) {
            todo.push(names[i]);
        }
    }

    private static Path join(Path root, List<String> names) {
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
