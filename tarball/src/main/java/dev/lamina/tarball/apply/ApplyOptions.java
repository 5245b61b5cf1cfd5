package dev.lamina.tarball.apply;

import dev.lamina.tarball.fs.FileSystemOps;
import dev.lamina.tarball.fs.HostFileSystem;
import java.util.function.Consumer;

/**
 * How layers are applied: through which filesystem (the seam that decides what this process may do: owners
 * and device nodes only when privileged), the most bytes one layer may decompress to (the guard against
 * decompression bombs), where warnings go (each kind is reported once per applier), and whether whiteouts
 * delete or are kept in overlayfs's own form ({@link #withOverlayForm}).
 */
public record ApplyOptions(FileSystemOps fs, long maxLayerBytes, Consumer<String> warnings, boolean overlayForm) {
    /** Far above any real layer, far below filling a disk by surprise. */
    public static final long DEFAULT_MAX_LAYER_BYTES = 64L * 1024 * 1024 * 1024;

    public ApplyOptions {
        if (maxLayerBytes <= 0) {
            throw new IllegalArgumentException("the layer size limit must be positive");
        }
    }

    public ApplyOptions(FileSystemOps fs, long maxLayerBytes, Consumer<String> warnings) {
        this(fs, maxLayerBytes, warnings, false);
    }

    public static ApplyOptions defaults(Consumer<String> warnings) {
        return new ApplyOptions(HostFileSystem.create(), DEFAULT_MAX_LAYER_BYTES, warnings);
    }

    public ApplyOptions withFileSystem(FileSystemOps value) {
        return new ApplyOptions(value, maxLayerBytes, warnings, overlayForm);
    }

    public ApplyOptions withMaxLayerBytes(long value) {
        return new ApplyOptions(fs, value, warnings, overlayForm);
    }

    /**
     * Extracts one layer on its own, as an overlayfs lower directory holds it: a whiteout {@code .wh.NAME}
     * becomes a 0:0 character device named NAME and an opaque marker sets {@code trusted.overlay.opaque=y} on its
     * directory, instead of deleting from the layers below (there are none in such a directory). Needs root.
     */
    public ApplyOptions withOverlayForm(boolean value) {
        return new ApplyOptions(fs, maxLayerBytes, warnings, value);
    }
}
