package dev.lamina.tarball.layer;

import java.util.ArrayList;
import java.util.List;

/**
 * Entry names as Docker and BuildKit write them: relative, '/'-separated, no {@code .} or empty components,
 * directories with a trailing slash; and the whiteout names of the OCI layer format.
 */
public final class LayerNames {
    /** The prefix that marks a whiteout: {@code .wh.NAME} deletes {@code NAME} of the layers below. */
    public static final String WHITEOUT_PREFIX = ".wh.";
    /** In a directory, hides everything the layers below put there. */
    public static final String OPAQUE = ".wh..wh..opq";

    private LayerNames() {
    }

    /** The path's components, refusing {@code ..} (a layer never needs it, and an applier must not see it). */
    public static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("\"" + path + "\": a layer path cannot contain ..");
            }
            parts.add(part);
        }
        return parts;
    }

    /** The entry name for {@code path}; the root has none. */
    public static String entryName(String path, boolean directory) {
        List<String> parts = components(path);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("the root directory is not an entry of a layer");
        }
        String name = String.join("/", parts);
        return directory ? name + "/" : name;
    }

    /** {@code dir/.wh.base}: the whiteout that deletes {@code path}. */
    public static String whiteout(String path) {
        List<String> parts = components(path);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("the root directory cannot be whited out");
        }
        String base = parts.remove(parts.size() - 1);
        parts.add(WHITEOUT_PREFIX + base);
        return String.join("/", parts);
    }

    /** {@code dir/.wh..wh..opq}: the marker that makes {@code directory} opaque. */
    public static String opaque(String directory) {
        List<String> parts = components(directory);
        parts.add(OPAQUE);
        return String.join("/", parts);
    }

    public static boolean isWhiteout(String baseName) {
        return baseName.startsWith(WHITEOUT_PREFIX);
    }
}
