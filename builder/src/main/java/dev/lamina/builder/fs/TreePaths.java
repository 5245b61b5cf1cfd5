package dev.lamina.builder.fs;

import java.util.ArrayList;
import java.util.List;

/**
 * Paths inside an image's file system, as the builder keeps them: relative to the root, '/'-separated, without
 * {@code .}, {@code ..} or empty components ({@code ""} is the root). Absolute container paths
 * ({@code /app/bin}) convert with {@link #of}.
 */
public final class TreePaths {
    private TreePaths() {
    }

    /**
     * Go's {@code path.Clean} of {@code "/" + path}, without the leading slash: {@code ..} stops at the root, as a
     * process inside the container sees it.
     */
    public static String of(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    /** {@code parent/name}, or {@code name} under the root. */
    public static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    /** The parent directory; the root's parent is the root. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code path} and each of its ancestors but the root, shallowest first: {@code a}, {@code a/b}, {@code a/b/c}. */
    public static List<String> selfAndAncestors(String path) {
        List<String> out = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            out.add(path.substring(0, slash));
        }
        if (!path.isEmpty()) {
            out.add(path);
        }
        return out;
    }

    /** Whether {@code path} is {@code ancestor} or below it. */
    public static boolean isWithin(String path, String ancestor) {
        return ancestor.isEmpty() || path.equals(ancestor) || path.startsWith(ancestor + "/");
    }

    /**
     * Orders paths as a depth-first walk visits them, names sorted at each level by their bytes, parents before
     * children: {@code a}, {@code a/b}, {@code a.b}. The order layers are written in.
     */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x == '/') {
                    return -1;
                }
                if (y == '/') {
                    return 1;
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
