package dev.lamina.tarball.apply;

import dev.lamina.tarball.fs.FileSystemOps;
import dev.lamina.tarball.fs.HostFileSystem;
import java.util.function.Consumer;

/**
 * How layers are applied: through which filesystem (the seam that decides what this process may do: owners
 * and device nodes only when privileged), the most bytes one layer may decompress to (the guard against
 * decompression bombs), and where warnings go (each kind is reported once per applier).
 */
public record ApplyOptions(FileSystemOps fs, long maxLayerBytes, Consumer<String> warnings) {
    /** Far above any real layer, far below filling a disk by surprise. */
    public static final long DEFAULT_MAX_LAYER_BYTES = 64L * 1024 * 1024 * 1024;

    public ApplyOptions {
        if (maxLayerBytes <= 0) {
            throw new IllegalArgumentException("the layer size limit must be positive");
        }
    }

    public static ApplyOptions defaults(Consumer<String> warnings) {
        return new ApplyOptions(HostFileSystem.create(), DEFAULT_MAX_LAYER_BYTES, warnings);
    }

    public ApplyOptions withFileSystem(FileSystemOps value) {
        return new ApplyOptions(value, maxLayerBytes, warnings);
    }

    public ApplyOptions withMaxLayerBytes(long value) {
        return new ApplyOptions(fs, value, warnings);
    }
}
