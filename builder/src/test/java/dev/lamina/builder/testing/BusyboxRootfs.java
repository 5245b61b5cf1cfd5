package dev.lamina.builder.testing;

import dev.lamina.image.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A root file system made of {@code busybox-static}: {@code /bin} with the binary and its applet links,
 * {@code /etc/passwd} and {@code /etc/group} with root, a user {@code builder} (1000:1000) who is a member
 * of {@code audio} (29) and {@code extra} (2000), {@code /tmp}, {@code /root} and {@code /home/builder}.
 * It has no {@code /proc}, {@code /dev}, {@code /sys} or {@code /etc/hosts}: a runner must bring its own
 * and leave none behind.
 */
public final class BusyboxRootfs {
    public static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            builder:x:1000:1000:builder:/home/builder:/bin/sh
            nobody:x:65534:65534:nobody:/nonexistent:/bin/false
            """;
    public static final String GROUP = """
            root:x:0:
            audio:x:29:builder
            builder:x:1000:
            extra:x:2000:other,builder
            nogroup:x:65534:
            """;

    private BusyboxRootfs() {
    }

    /** Creates the root file system as {@code dir} (which must not exist yet) and returns it. */
    public static Path create(Path dir) {
        Path busybox = Peers.require("busybox");
        try {
            Files.createDirectories(dir.resolve("bin"));
            Files.copy(busybox.toRealPath(), dir.resolve("bin/busybox"));
            for (String applet : Peers.check(busybox.toString(), "--list").stdout().split("\n")) {
                if (!applet.isBlank() && !applet.equals("busybox")) {
                    Files.createSymbolicLink(dir.resolve("bin").resolve(applet.strip()), Path.of("busybox"));
                }
            }
            Files.createDirectories(dir.resolve("etc"));
            Files.writeString(dir.resolve("etc/passwd"), PASSWD);
            Files.writeString(dir.resolve("etc/group"), GROUP);
            Files.createDirectories(dir.resolve("tmp"));
            Files.setAttribute(dir.resolve("tmp"), "unix:mode", 01777);
            Files.createDirectories(dir.resolve("root"));
            Files.createDirectories(dir.resolve("home/builder"));
            Files.setAttribute(dir.resolve("home/builder"), "unix:uid", 1000);
            Files.setAttribute(dir.resolve("home/builder"), "unix:gid", 1000);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every entry under {@code root} with its type, mode, owner, size, modification time and link target:
     * equal snapshots mean the tree was left exactly as it was.
     */
    public static Map<String, String> snapshot(Path root) {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime,ctime",
                        LinkOption.NOFOLLOW_LINKS);
                String link = Files.isSymbolicLink(path) ? " -> " + Files.readSymbolicLink(path) : "";
                entries.put("/" + root.relativize(path), List.of(Integer.toOctalString((Integer) a.get("mode")),
                        a.get("uid"), a.get("gid"), a.get("size"), a.get("lastModifiedTime")) + link);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
