package dev.lamina.tarball.testing;

import dev.lamina.image.Descriptor;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.layer.LayerWriter;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hand-made images whose every change is known, for the inspection tests (the library's and the commands'):
 * which paths each layer adds, changes and deletes, and what differs between two images.
 */
public final class InspectionImages {
    private InspectionImages() {
    }

    /** A file of {@code bytes} zero bytes, mode 0644, owned by root. */
    public static void file(LayerWriter w, String name, int bytes) throws IOException {
        w.add(TarEntry.file(name, bytes), new ByteArrayInputStream(new byte[bytes]));
    }

    /** A file with {@code content}, its mode and owner (user and group alike). */
    public static void file(LayerWriter w, String name, String content, int mode, long owner) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        w.add(TarEntry.file(name, bytes.length).toBuilder().mode(mode).owner(owner, owner).build(),
                new ByteArrayInputStream(bytes));
    }

    /**
     * Three layers (and an empty ENV step after the first) with every kind of change:
     * <ol>
     * <li>{@code ADD base.tar /}: directories etc, etc/app, usr, usr/bin, tmp, var, var/cache; files
     * etc/app/a.conf (3 bytes), etc/app/b.conf (5), usr/bin/tool (100), tmp/build.log (1000), var/cache/x (10),
     * var/cache/y (20); symlink usr/bin/t → tool. 14 paths added, 1142 bytes.</li>
     * <li>{@code RUN change things}: etc/app re-declared (C), etc/app/a.conf rewritten with 7 bytes (C),
     * tmp/build.log whited out (D), var/cache re-declared (C) and made opaque (D x, D y), var/cache/z (30, A),
     * opt/new/file (40) with its parents opt and opt/new implied (A A A), hardlink usr/bin/tool2 → usr/bin/tool
     * (A). 77 bytes.</li>
     * <li>{@code RUN rm -rf /etc/app}: whiteouts of etc/app (D, 12 bytes with a.conf and b.conf) and of a path
     * that does not exist.</li>
     * </ol>
     */
    public static Descriptor knownChanges(Store store, String name) throws IOException {
        return LayeredImages.steps()
                .layer("ADD base.tar /", w -> {
                    for (String d : List.of("etc", "etc/app", "usr", "usr/bin", "tmp", "var", "var/cache")) {
                        w.add(TarEntry.directory(d));
                    }
                    file(w, "etc/app/a.conf", 3);
                    file(w, "etc/app/b.conf", 5);
                    file(w, "usr/bin/tool", 100);
                    w.add(TarEntry.symlink("usr/bin/t", "tool"));
                    file(w, "tmp/build.log", 1000);
                    file(w, "var/cache/x", 10);
                    file(w, "var/cache/y", 20);
                })
                .empty("ENV A=1")
                .layer("RUN change things", w -> {
                    w.add(TarEntry.directory("etc/app"));
                    file(w, "etc/app/a.conf", 7);
                    w.whiteout("tmp/build.log");
                    w.add(TarEntry.directory("var/cache"));
                    w.opaque("var/cache");
                    file(w, "var/cache/z", 30);
                    file(w, "opt/new/file", 40);
                    w.add(TarEntry.hardlink("usr/bin/tool2", "usr/bin/tool"));
                })
                .layer("RUN rm -rf /etc/app", w -> {
                    w.whiteout("etc/app");
                    w.whiteout("nothing");
                })
                .build(store, name);
    }

    private static void base(LayerWriter w) throws IOException {
        for (String d : List.of("data", "etc", "srv", "usr", "usr/bin")) {
            w.add(TarEntry.directory(d));
        }
        file(w, "data/a", "a", 0644, 0);
        file(w, "data/b", "bb", 0644, 0);
        file(w, "etc/group", "root:x:0:\n", 0644, 0);
        file(w, "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0);
        w.add(TarEntry.symlink("usr/bin/sh", "busybox"));
        file(w, "usr/bin/tool", "tool-v1", 0755, 0);
    }

    /**
     * Two images on the same base layer, named {@code NAME:before} and {@code NAME:after}, differing in every way
     * a path can: the second deletes data (a directory of two files) and tmp/x, changes etc/motd's content (same
     * size), etc/passwd's mode, srv's owner, usr/bin/sh's link target and usr/bin/tool's content and size, turns
     * the file swap into a directory, and adds opt/app/bin (its parents implied). Returns {before, after}.
     */
    public static Descriptor[] twoImages(Store store, String name) throws IOException {
        Descriptor before = LayeredImages.steps()
                .layer("base", InspectionImages::base)
                .layer("before", w -> {
                    file(w, "etc/motd", "hello\n", 0644, 0);
                    file(w, "swap", "s", 0644, 0);
                    w.add(TarEntry.directory("tmp"));
                    file(w, "tmp/x", "x", 0644, 0);
                })
                .build(store, name + ":before");
        Descriptor after = LayeredImages.steps()
                .layer("base", InspectionImages::base)
                .layer("after", w -> {
                    file(w, "etc/motd", "hellO\n", 0644, 0);
                    file(w, "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0600, 0);
                    file(w, "opt/app/bin", "bin", 0755, 0);
                    w.add(TarEntry.builder("srv", EntryType.DIRECTORY).mode(0755).owner(1000, 1000).build());
                    w.add(TarEntry.directory("swap"));
                    file(w, "swap/inside", "in", 0644, 0);
                    w.add(TarEntry.symlink("usr/bin/sh", "toybox"));
                    file(w, "usr/bin/tool", "tool-version-2", 0755, 0);
                    w.whiteout("data");
                })
                .build(store, name + ":after");
        return new Descriptor[] {before, after};
    }
}
