package dev.lamina.tarball.layer;

import dev.lamina.image.Compression;
import dev.lamina.image.MediaType;
import dev.lamina.tarball.compress.Compressors;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How a layer is written: compression and the cores to spend on it, OCI or Docker media types, which extended
 * attributes of files on disk to keep, and whether the output must be reproducible: with a source date epoch,
 * every time is clamped to it and owner names are dropped (entries are always written in sorted order from
 * directories; a caller that streams entries chooses the order).
 */
public record LayerOptions(Compression compression, int threads, boolean dockerMediaTypes,
        Optional<Instant> sourceDateEpoch, Predicate<String> keepXattr) {

    /** As Docker: only file capabilities travel with files; SELinux labels and the like are the host's. */
    public static final Predicate<String> CAPABILITIES_ONLY = "security.capability"::equals;

    public LayerOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** gzip on every core, OCI media types, file capabilities kept, times as found. */
    public static LayerOptions defaults() {
        return new LayerOptions(Compression.GZIP, Compressors.defaultThreads(), false, Optional.empty(),
                CAPABILITIES_ONLY);
    }

    public LayerOptions withCompression(Compression value) {
        return new LayerOptions(value, threads, dockerMediaTypes, sourceDateEpoch, keepXattr);
    }

    public LayerOptions withThreads(int value) {
        return new LayerOptions(compression, value, dockerMediaTypes, sourceDateEpoch, keepXattr);
    }

    public LayerOptions withDockerMediaTypes(boolean value) {
        return new LayerOptions(compression, threads, value, sourceDateEpoch, keepXattr);
    }

    /** Reproducible output: times clamped to {@code epoch}, owner names dropped. */
    public LayerOptions deterministic(Instant epoch) {
        return new LayerOptions(compression, threads, dockerMediaTypes, Optional.of(epoch), keepXattr);
    }

    public LayerOptions withXattrs(Predicate<String> value) {
        return new LayerOptions(compression, threads, dockerMediaTypes, sourceDateEpoch, value);
    }

    /** The media type of a layer written with these options. */
    public MediaType mediaType() {
        return dockerMediaTypes ? MediaType.DOCKER_LAYER.withCompression(compression) : MediaType.ociLayer(compression);
    }
}
