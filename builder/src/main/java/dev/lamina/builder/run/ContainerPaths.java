package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.util.Comparator;
import java.util.List;

/** Paths as the command sees them: absolute, '/'-separated, free of NUL. */
final class ContainerPaths {
    private ContainerPaths() {
    }

    static String requireAbsolute(String path, String what) {
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new LaminaException(what + " must be an absolute path: " + path);
        }
        return path;
    }

    /** How many names {@code path} has: mounts are made shallowest first so that nested ones stay visible. */
    static int depth(String path) {
        int depth = 0;
        for (String name : path.split("/")) {
            if (!name.isEmpty() && !name.equals(".")) {
                depth++;
            }
        }
        return depth;
    }

    /** Mounts in the order they are made: a target inside another mount's must come after it. */
    static List<RunMount> shallowestFirst(List<RunMount> mounts) {
        return mounts.stream().sorted(Comparator.comparingInt(m -> depth(m.target()))).toList();
    }
}
