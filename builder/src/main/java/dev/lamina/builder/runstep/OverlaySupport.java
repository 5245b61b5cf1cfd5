package dev.lamina.builder.runstep;

import dev.lamina.builder.LayerRef;
import dev.lamina.image.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Whether a RUN step can run on an overlay here. */
final class OverlaySupport {
    /** The kernel copies an overlay's mount options into one page; leave room for upper, work and the scratch layer. */
    private static final int MAX_LOWERDIR_CHARS = 3300;
    private static volatile Boolean available;

    private OverlaySupport() {
    }

    /** overlayfs is known to the kernel (built in or loaded). */
    static boolean available() {
        Boolean known = available;
        if (known == null) {
            try {
                known = Files.readString(Path.of("/proc/filesystems")).lines()
                        .anyMatch(line -> line.strip().endsWith("overlay"));
            } catch (IOException e) {
                known = false;
            }
            available = known;
        }
        return known;
    }

    /** Whether the layers' directories fit in one overlay mount's options. */
    static boolean fits(Store store, List<LayerRef> layers) {
        int each = store.paths().snapshots().resolve("diff").toString().length() + 1 + 64 + 4;
        return (long) each * layers.size() < MAX_LOWERDIR_CHARS;
    }
}
