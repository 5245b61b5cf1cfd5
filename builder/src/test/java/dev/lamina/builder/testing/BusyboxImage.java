package dev.lamina.builder.testing;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A busybox image for RUN tests, made from {@code busybox-static} ({@link BusyboxRootfs}) as one layer with its
 * times fixed, tagged {@link #NAME} in a store.
 */
public final class BusyboxImage {
    public static final String NAME = "lamina.test/busybox:1";

    private BusyboxImage() {
    }

    /** Tags {@link #NAME} in {@code store}, using {@code scratch} (which must not exist) for the root file system. */
    public static Descriptor seed(Store store, Path scratch) throws IOException {
        Path rootfs = BusyboxRootfs.create(scratch);
        LayerBlob layer;
        try (LayerWriter w = LayerWriter.open(LayerSink.toStore(store),
                LayerOptions.defaults().deterministic(TestBases.TIME))) {
            w.addTree("", rootfs);
            layer = w.finish();
        }
        ImageConfig config = ImageConfig.empty(Platform.host()).edit(tree -> {
            tree.put("created", "2020-01-02T03:04:05Z");
            tree.with("config").putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            tree.with("config").putArray("Cmd").add("sh");
        }).withLayer(Optional.of(layer.diffId()), new History("2020-01-02T03:04:05Z", "ADD busybox /", "", "", false));
        Descriptor descriptor = TestImages.tagInStore(store, config, List.of(layer.descriptor()), NAME);
        if (Files.exists(scratch)) {
            try (var walk = Files.walk(scratch)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return descriptor;
    }
}
