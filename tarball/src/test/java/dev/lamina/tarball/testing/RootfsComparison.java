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
 * A root filesystem described path by path (type, mode with setuid bits, owner, link target, content hash),
 * so that two unpacks can be compared as a whole and any difference shows by name.
 */
public final class RootfsComparison {
    private RootfsComparison() {
    }

    public static Map<String, String> describe(Path root) {
        Map<String, String> tree = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(root)) {
                        tree.put(root.relativize(dir).toString(), entry(dir));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    tree.put(root.relativize(file).toString(), entry(file));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    private static String entry(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,nlink", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        StringBuilder s = new StringBuilder(Integer.toOctalString(mode)).append(' ')
                .append(a.get("uid")).append(':').append(a.get("gid"));
        if (Files.isSymbolicLink(p)) {
            s.append(" -> ").append(Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            s.append(" links=").append(a.get("nlink")).append(" sha256=").append(HexFormat.of().formatHex(
                    dev.lamina.image.Digest.newSha256().digest(Files.readAllBytes(p))));
        }
        return s.toString();
    }
}
