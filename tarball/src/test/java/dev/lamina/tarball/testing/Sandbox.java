package dev.lamina.tarball.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A root to apply layers into, with neighbours to break into: {@code outside/secret}, {@code outside/dir/file}
 * beside the root. {@link #outsideSnapshot} records everything outside the root (names, types, sizes, modes,
 * times, content hashes, link targets) so a test can assert that nothing out there changed.
 */
public final class Sandbox {
    private final Path base;
    private final Path root;
    private final Path outside;

    public Sandbox(Path base) {
        try {
            this.base = base.toRealPath();
            this.root = Files.createDirectories(this.base.resolve("root"));
            this.outside = Files.createDirectories(this.base.resolve("outside"));
            Files.writeString(outside.resolve("secret"), "do not touch\n");
            Files.createDirectories(outside.resolve("dir"));
            Files.writeString(outside.resolve("dir/file"), "also not\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    public Path outside() {
        return outside;
    }

    /** Everything under the sandbox but outside the root, described so that any change shows. */
    public Map<String, String> outsideSnapshot() {
        Map<String, String> snapshot = new TreeMap<>();
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.equals(root)) {
                        snapshot.put("root", "a directory"); // its content and times are the layers' business
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    snapshot.put(base.relativize(dir).toString(), describe(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    snapshot.put(base.relativize(file).toString(), describe(file));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return snapshot;
    }

    private static String describe(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,ino", LinkOption.NOFOLLOW_LINKS);
        StringBuilder s = new StringBuilder(a.toString());
        if (Files.isSymbolicLink(p)) {
            s.append(" -> ").append(Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            s.append(" sha256=").append(HexFormat.of().formatHex(
                    dev.lamina.image.Digest.newSha256().digest(Files.readAllBytes(p))));
        }
        return s.toString();
    }
}
