package dev.lamina.builder.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Platform;
import dev.lamina.image.json.History;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.store.Store;
import dev.lamina.image.testing.TestImages;
import dev.lamina.tarball.layer.LayerBlob;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.layer.LayerSink;
import dev.lamina.tarball.layer.LayerWriter;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The base images the builder's tests build on, made in the test's store with the layer writer (no registry, no
 * internet): {@code lamina.test/base:1}, a small root file system with users and groups, a symlinked directory and a
 * tree to replace; and {@code lamina.test/onbuild:1}, the same with ONBUILD triggers.
 */
public final class TestBases {
    public static final String BASE = "lamina.test/base:1";
    public static final String ONBUILD = "lamina.test/onbuild:1";
    public static final Instant TIME = Instant.parse("2020-01-02T03:04:05Z");
    public static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            app:x:1000:1000:app:/home/app:/bin/sh
            web:x:33:33:web:/var/www:/bin/false
            """;
    public static final String GROUP = """
            root:x:0:
            app:x:1000:
            www:x:33:
            staff:x:50:app
            """;

    private TestBases() {
    }

    /** Both base images, in {@code store}. */
    public static void seed(Store store) throws IOException {
        create(store, BASE, config -> { });
        create(store, ONBUILD, config -> {
            ArrayNode triggers = config.putArray("OnBuild");
            triggers.add("COPY onbuild.txt /onbuild/");
            triggers.add("ENV ONBUILT=yes");
        });
    }

    /** The base image named {@code name}, its container config changed by {@code edit}. */
    public static Descriptor create(Store store, String name, Consumer<ObjectNode> edit) throws IOException {
        LayerBlob layer;
        try (LayerWriter w = LayerWriter.open(LayerSink.toStore(store), LayerOptions.defaults())) {
            dir(w, "bin");
            file(w, "bin/sh", "#!fake shell\n", 0755);
            dir(w, "data");
            file(w, "data/old.txt", "old\n", 0644);
            dir(w, "data/sub");
            file(w, "data/sub/deep.txt", "deep\n", 0644);
            dir(w, "etc");
            file(w, "etc/group", GROUP, 0644);
            file(w, "etc/passwd", PASSWD, 0644);
            dir(w, "home");
            w.add(TarEntry.builder("home/app", EntryType.DIRECTORY).mode(0750).owner(1000, 1000).modTime(TIME).build());
            w.add(TarEntry.builder("lib", EntryType.SYMLINK).mode(0777).linkName("usr/lib").modTime(TIME).build());
            dir(w, "opt");
            w.add(TarEntry.builder("opt/current", EntryType.SYMLINK).mode(0777).linkName("/srv/app").modTime(TIME)
                    .build());
            dir(w, "srv");
            dir(w, "srv/app");
            dir(w, "usr");
            dir(w, "usr/lib");
            file(w, "usr/lib/libc.so", "elf\n", 0755);
            layer = w.finish();
        }
        ImageConfig config = ImageConfig.empty(Platform.host()).edit(tree -> {
            tree.put("created", "2020-01-02T03:04:05Z");
            tree.put("author", "base author");
            tree.put("docker_version", "24.0.0"); // a field BuildKit drops
            ObjectNode c = (ObjectNode) tree.get("config");
            ArrayNode env = c.putArray("Env");
            env.add("PATH=/usr/local/bin:/usr/bin:/bin");
            env.add("BASE=1");
            c.putArray("Cmd").add("/bin/sh");
            ObjectNode labels = c.putObject("Labels");
            labels.put("base.label", "yes");
            labels.put("shared", "from-base");
            c.put("Hostname", "ignored");
            edit.accept(c);
        }).withLayer(Optional.of(layer.diffId()), new History("2020-01-02T03:04:05Z", "ADD rootfs.tar /", "", "",
                false)).withLayer(Optional.empty(), new History("2020-01-02T03:04:05Z", "CMD [\"/bin/sh\"]", "", "",
                true));
        Descriptor descriptor = TestImages.tagInStore(store, config, List.of(layer.descriptor()), name);
        return descriptor;
    }

    private static void dir(LayerWriter w, String path) throws IOException {
        w.add(TarEntry.builder(path, EntryType.DIRECTORY).mode(0755).modTime(TIME).build());
    }

    private static void file(LayerWriter w, String path, String content, int mode) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        w.add(TarEntry.builder(path, EntryType.REGULAR).mode(mode).size(bytes.length).modTime(TIME).build(),
                new ByteArrayInputStream(bytes));
    }
}
