package dev.lamina.tarball.layer;

import dev.lamina.image.Compression;
import dev.lamina.image.MediaType;
import dev.lamina.tarball.compress.Compressors;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.Deflater;

/**
 * How a layer is written: compression (and gzip's level) and the cores to spend on it, OCI or Docker media types, which extended
 * attributes of files on disk to keep, and whether the output must be reproducible: with a source date epoch,
 * every time is clamped to it and owner names are dropped (entries are always written in sorted order from
 * directories; a caller that streams entries chooses the order).
 */
public record LayerOptions(Compression compression, int threads, boolean dockerMediaTypes,
        Optional<Instant> sourceDateEpoch, Predicate<String> keepXattr, int gzipLevel) {

    /** As Docker: only file capabilities travel with files; SELinux labels and the like are the host's. */
    public static final Predicate<String> CAPABILITIES_ONLY = "security.capability"::equals;

    public LayerOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (gzipLevel != Deflater.DEFAULT_COMPRESSION && (gzipLevel < 0 || gzipLevel > 9)) {
            throw new IllegalArgumentException("gzip level must be 0 to 9: " + gzipLevel);
        }
    }

    /** gzip on every core, OCI media types, file capabilities kept, times as found. */
    public static LayerOptions defaults() {
        return new LayerOptions(Compression.GZIP, Compressors.defaultThreads(), false, Optional.empty(),
                CAPABILITIES_ONLY, Deflater.DEFAULT_COMPRESSION);
    }

    public LayerOptions withCompression(Compression value) {
        return new LayerOptions(value, threads, dockerMediaTypes, sourceDateEpoch, keepXattr, gzipLevel);
    }

    public LayerOptions withThreads(int value) {
        return new LayerOptions(compression, value, dockerMediaTypes, sourceDateEpoch, keepXattr, gzipLevel);
    }

    public LayerOptions withDockerMediaTypes(boolean value) {
        return new LayerOptions(compression, threads, value, sourceDateEpoch, keepXattr, gzipLevel);
    }

    /** Reproducible output: times clamped to {@code epoch}, owner names dropped. */
    public LayerOptions deterministic(Instant epoch) {
        return new LayerOptions(compression, threads, dockerMediaTypes, Optional.of(epoch), keepXattr, gzipLevel);
    }

    public LayerOptions withXattrs(Predicate<String> value) {
        return new LayerOptions(compression, threads, dockerMediaTypes, sourceDateEpoch, value, gzipLevel);
    }

    /**
     * gzip at this zlib level (1 fastest to 9 smallest; {@link Deflater#DEFAULT_COMPRESSION} is zlib's 6). The bytes
     * differ by level, never the layer's content.
     */
    public LayerOptions withGzipLevel(int value) {
        return new LayerOptions(compression, threads, dockerMediaTypes, sourceDateEpoch, keepXattr, value);
    }

    /** The media type of a layer written with these options. */
    public MediaType mediaType() {
        return dockerMediaTypes ? MediaType.DOCKER_LAYER.withCompression(compression) : MediaType.ociLayer(compression);
    }
}
