package dev.lamina.builder.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The mount points an OCI runtime will create in a root directory, noted before it runs and removed after
 * (as BuildKit's MountStubsCleaner does): each missing target and missing parent, if still empty, with its
 * parent's times put back so that no layer sees a change. lamina's own helper does this itself, in C, so
 * that it also happens when lamina is killed.
 */
final class MountStubs {
    private record Stub(Path path, FileTime parentModified, FileTime parentAccessed) {
    }

    private final List<Stub> stubs;

    private MountStubs(List<Stub> stubs) {
        this.stubs = stubs;
    }

    /** Notes which of {@code targets} (container paths) and their parents are missing under {@code root}. */
    static MountStubs note(Path root, List<String> targets) {
        Set<Path> missing = new LinkedHashSet<>();
        List<Stub> stubs = new ArrayList<>();
        for (String target : targets) {
            Path path = InRoot.resolve(root, target);
            List<Path> chain = new ArrayList<>();
            while (!path.equals(root) && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                chain.add(0, path);
                path = path.getParent();
            }
            for (Path stub : chain) {
                if (missing.add(stub)) {
                    stubs.add(new Stub(stub, times(stub.getParent(), false), times(stub.getParent(), true)));
                }
            }
        }
        return new MountStubs(stubs);
    }

    /** Removes the stubs still empty, deepest first, restoring their parents' times. */
    void remove() {
        for (int i = stubs.size() - 1; i >= 0; i--) {
            Stub stub = stubs.get(i);
            try {
                BasicFileAttributes attributes = Files.readAttributes(stub.path(), BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile() && attributes.size() > 0 || attributes.isSymbolicLink()
                        || attributes.isOther()) {
                    continue;
                }
                Files.delete(stub.path());
                Files.getFileAttributeView(stub.path().getParent(), java.nio.file.attribute.BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).setTimes(stub.parentModified(), stub.parentAccessed(), null);
            } catch (NoSuchFileException | DirectoryNotEmptyException e) {
                // never created, or the step put something in it: not a stub any more
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove mount point stub " + stub.path(), e);
            }
        }
    }

    private static FileTime times(Path dir, boolean accessed) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return accessed ? attributes.lastAccessTime() : attributes.lastModifiedTime();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
