package dev.lamina.tarball.inspect;

import dev.lamina.image.Digest;
import dev.lamina.tarball.tar.EntryType;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The file-level difference between two images' final filesystems, path by path in sorted order (a directory
 * before what it holds): paths only the second has (added), only the first has (deleted), and paths both have
 * whose type, content, link target, device numbers, permission bits or owner differ (changed). Modification
 * times, extended attributes and hardlink counts are not compared: a rebuild changes the first, and the others are
 * not what {@code diff -r} or a container sees as content.
 */
public final class ImageDifference {
    /** What about a path differs. */
    public enum Aspect {
        TYPE, CONTENT, LINK, DEVICE, MODE, OWNER
    }

    /**
     * A path as one image has it; {@code layer} is the index of the layer that put it there (-1 for a root
     * directory no layer named), {@code digest} the sha256 of a regular file's content when the scan kept it.
     */
    public record PathState(EntryType type, int mode, long uid, long gid, long size, String link, long device,
            Optional<Digest> digest, int layer) {
        static PathState of(FileTree tree, int id) {
            return new PathState(tree.type(id), tree.mode(id), tree.uid(id), tree.gid(id), tree.size(id),
                    tree.link(id), tree.device(id), tree.digest(id), tree.layer(id));
        }
    }

    /** One path that differs; {@code path} has no leading slash ({@code ""} is the root directory). */
    public record PathDifference(String path, Change.Kind kind, Set<Aspect> aspects, Optional<PathState> before,
            Optional<PathState> after) {
        public PathDifference {
            aspects = aspects.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(aspects));
        }
    }

    private ImageDifference() {
    }

    /**
     * Compares {@code before} with {@code after}, giving each difference to {@code out} as it is found. Both
     * trees should keep content digests ({@link ImageScanner.Options#withContentDigests}); without them, regular
     * files of equal size count as equal.
     */
    public static void compare(FileTree before, FileTree after, Consumer<PathDifference> out) {
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(FileTree.ROOT, FileTree.ROOT, ""));
        while (!stack.isEmpty()) {
            Frame frame = stack.pop();
            report(before, after, frame, out);
            int[] left = frame.a != FileTree.NONE && before.isDirectory(frame.a) ? before.sortedChildren(frame.a)
                    : new int[0];
            int[] right = frame.b != FileTree.NONE && after.isDirectory(frame.b) ? after.sortedChildren(frame.b)
                    : new int[0];
            // merge by name, pushed in reverse so that they come off the stack in order
            Deque<Frame> children = new ArrayDeque<>();
            int i = 0;
            int j = 0;
            while (i < left.length || j < right.length) {
                int order = i == left.length ? 1 : j == right.length ? -1
                        : before.name(left[i]).compareTo(after.name(right[j]));
                int a = order <= 0 ? left[i++] : FileTree.NONE;
                int b = order >= 0 ? right[j++] : FileTree.NONE;
                String childName = a != FileTree.NONE ? before.name(a) : after.name(b);
                children.push(new Frame(a, b, frame.path.isEmpty() ? childName : frame.path + "/" + childName));
            }
            children.forEach(stack::push);
        }
    }

    /** A path to compare: its node in each tree, NONE where that tree does not have it. */
    private record Frame(int a, int b, String path) {
    }

    private static void report(FileTree before, FileTree after, Frame frame, Consumer<PathDifference> out) {
        if (frame.b == FileTree.NONE) {
            out.accept(new PathDifference(frame.path, Change.Kind.DELETED, Set.of(),
                    Optional.of(PathState.of(before, frame.a)), Optional.empty()));
        } else if (frame.a == FileTree.NONE) {
            out.accept(new PathDifference(frame.path, Change.Kind.ADDED, Set.of(), Optional.empty(),
                    Optional.of(PathState.of(after, frame.b))));
        } else {
            Set<Aspect> aspects = aspects(before, frame.a, after, frame.b);
            if (!aspects.isEmpty()) {
                out.accept(new PathDifference(frame.path, Change.Kind.CHANGED, aspects,
                        Optional.of(PathState.of(before, frame.a)), Optional.of(PathState.of(after, frame.b))));
            }
        }
    }

    private static Set<Aspect> aspects(FileTree before, int a, FileTree after, int b) {
        Set<Aspect> aspects = EnumSet.noneOf(Aspect.class);
        EntryType type = before.type(a);
        if (type != after.type(b)) {
            aspects.add(Aspect.TYPE);
        } else {
            switch (type) {
                case REGULAR -> {
                    boolean digests = before.digest(a).isPresent() && after.digest(b).isPresent();
                    if (before.size(a) != after.size(b) || digests && !before.sameDigest(a, after, b)) {
                        aspects.add(Aspect.CONTENT);
                    }
                }
                case SYMLINK, HARDLINK -> {
                    if (!before.link(a).equals(after.link(b))) {
                        aspects.add(Aspect.LINK);
                    }
                }
                case CHAR_DEVICE, BLOCK_DEVICE -> {
                    if (before.device(a) != after.device(b)) {
                        aspects.add(Aspect.DEVICE);
                    }
                }
                default -> {
                }
            }
        }
        // permission bits of different kinds of file are not comparable, and a symlink's mean nothing on Linux
        if (before.mode(a) != after.mode(b) && !aspects.contains(Aspect.TYPE) && type != EntryType.SYMLINK) {
            aspects.add(Aspect.MODE);
        }
        if (before.uid(a) != after.uid(b) || before.gid(a) != after.gid(b)) {
            aspects.add(Aspect.OWNER);
        }
        return aspects;
    }
}
