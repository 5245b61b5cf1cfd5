package dev.lamina.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Platform;
import dev.lamina.image.json.History;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.store.Store;
import dev.lamina.image.testing.Peers;
import dev.lamina.image.testing.TestImages;
import dev.lamina.tarball.layer.LayerBlob;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.layer.LayerSink;
import dev.lamina.tarball.layer.LayerWriter;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An image made of {@code busybox-static} in a test's store, written with the layer writer (no registry, no
 * build): {@code /bin/busybox} and its applet links, {@code /etc/passwd} and {@code /etc/group} with root and a
 * user {@code app} (1000:1000), {@code /tmp}, {@code /home/app} owned by app. Its config is {@code Cmd ["sh"]}
 * and {@code PATH}, changed by the caller's edit.
 */
final class BusyboxImage {
    static final Instant TIME = Instant.parse("2021-02-03T04:05:06Z");

    private BusyboxImage() {
    }

    static Descriptor create(Path storeRoot, String name, Consumer<ObjectNode> edit) throws IOException {
        Store store = Store.open(storeRoot);
        Path busybox = Peers.require("busybox").toRealPath();
        LayerBlob layer;
        try (LayerWriter w = LayerWriter.open(LayerSink.toStore(store), LayerOptions.defaults())) {
            dir(w, "bin", 0755, 0);
            long size = Files.size(busybox);
            try (InputStream in = Files.newInputStream(busybox)) {
                w.add(TarEntry.builder("bin/busybox", EntryType.REGULAR).mode(0755).size(size).modTime(TIME).build(),
                        in);
            }
            for (String applet : Peers.check(busybox.toString(), "--list").stdout().split("\n")) {
                if (!applet.isBlank() && !applet.equals("busybox")) {
                    w.add(TarEntry.builder("bin/" + applet.strip(), EntryType.SYMLINK).mode(0777).linkName("busybox")
                            .modTime(TIME).build());
                }
            }
            dir(w, "etc", 0755, 0);
            file(w, "etc/passwd", """
                    root:x:0:0:root:/root:/bin/sh
                    app:x:1000:1000:app:/home/app:/bin/sh
                    """);
            file(w, "etc/group", """
                    root:x:0:
                    app:x:1000:
                    """);
            dir(w, "home", 0755, 0);
            dir(w, "home/app", 0755, 1000);
            dir(w, "root", 0700, 0);
            dir(w, "tmp", 01777, 0);
            layer = w.finish();
        }
        ImageConfig config = ImageConfig.empty(Platform.host()).edit(tree -> {
            tree.put("created", TIME.toString());
            ObjectNode c = (ObjectNode) tree.get("config");
            c.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            c.putArray("Cmd").add("sh");
            edit.accept(c);
        }).withLayer(Optional.of(layer.diffId()), new History(TIME.toString(), "ADD busybox /", "", "", false));
        Descriptor descriptor = TestImages.tagInStore(store, config, List.of(layer.descriptor()), name);
        return descriptor;
    }

    private static void dir(LayerWriter w, String path, int mode, int owner) throws IOException {
        w.add(TarEntry.builder(path, EntryType.DIRECTORY).mode(mode).owner(owner, owner).modTime(TIME).build());
    }

    private static void file(LayerWriter w, String path, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        w.add(TarEntry.builder(path, EntryType.REGULAR).mode(0644).size(bytes.length).modTime(TIME).build(),
                new ByteArrayInputStream(bytes));
    }
}
