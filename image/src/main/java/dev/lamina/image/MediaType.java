package dev.lamina.image;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A media type as found on the wire. The one place that knows what each type means: every other part of
 * lamina asks these predicates instead of comparing strings. Unknown types are kept as they are, so that
 * an artifact lamina does not understand still round-trips.
 */
public record MediaType(String value) {
    public static final MediaType OCI_MANIFEST = new MediaType("application/vnd.oci.image.manifest.v1+json");
    public static final MediaType OCI_INDEX = new MediaType("application/vnd.oci.image.index.v1+json");
    public static final MediaType OCI_CONFIG = new MediaType("application/vnd.oci.image.config.v1+json");
    public static final MediaType OCI_LAYER = new MediaType("application/vnd.oci.image.layer.v1.tar");
    public static final MediaType OCI_LAYER_GZIP = new MediaType("application/vnd.oci.image.layer.v1.tar+gzip");
    public static final MediaType OCI_LAYER_ZSTD = new MediaType("application/vnd.oci.image.layer.v1.tar+zstd");
    public static final MediaType OCI_EMPTY = new MediaType("application/vnd.oci.empty.v1+json");
    public static final MediaType OCI_NONDISTRIBUTABLE_LAYER_GZIP =
            new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
    /** Seen in hand-made layouts in place of a manifest type; treated as a manifest when resolving. */
    public static final MediaType OCI_DESCRIPTOR = new MediaType("application/vnd.oci.descriptor.v1+json");

    public static final MediaType DOCKER_MANIFEST =
            new MediaType("application/vnd.docker.distribution.manifest.v2+json");
    public static final MediaType DOCKER_MANIFEST_LIST =
            new MediaType("application/vnd.docker.distribution.manifest.list.v2+json");
    public static final MediaType DOCKER_CONFIG = new MediaType("application/vnd.docker.container.image.v1+json");
    public static final MediaType DOCKER_LAYER = new MediaType("application/vnd.docker.image.rootfs.diff.tar.gzip");
    /** Uncompressed Docker layers: not in the schema 2 spec, but written by some tools. */
    public static final MediaType DOCKER_LAYER_TAR = new MediaType("application/vnd.docker.image.rootfs.diff.tar");
    public static final MediaType DOCKER_FOREIGN_LAYER =
            new MediaType("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");
    public static final MediaType DOCKER_SCHEMA1 =
            new MediaType("application/vnd.docker.distribution.manifest.v1+json");
    public static final MediaType DOCKER_SCHEMA1_SIGNED =
            new MediaType("application/vnd.docker.distribution.manifest.v1+prettyjws");

    /**
     * What a client accepts when it asks a registry for a manifest by tag or digest: every manifest and
     * index type lamina reads, and schema 1 too, so that an old image is reported as unsupported instead of
     * as missing (a registry answers "not found" when it has nothing in an accepted type).
     */
    public static final List<MediaType> REGISTRY_MANIFEST_TYPES = List.of(OCI_INDEX, OCI_MANIFEST,
            DOCKER_MANIFEST_LIST, DOCKER_MANIFEST, DOCKER_SCHEMA1_SIGNED, DOCKER_SCHEMA1);

    private static final String OCI_LAYER_PREFIX = "application/vnd.oci.image.layer.";
    private static final String DOCKER_LAYER_PREFIX = "application/vnd.docker.image.rootfs.";

    public MediaType {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("media type must not be empty");
        }
    }

    public static MediaType of(String value) {
        return new MediaType(value);
    }

    // equals and hashCode written out, as Digest's: a record's generated ones are bootstrapped through method handles
    // at first use, 20 ms of CPU in a cold JVM, and every command compares media types
    @Override
    public boolean equals(Object other) {
        return other instanceof MediaType m && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String value() {
        return value;
    }

    /** The type without parameters ({@code ; charset=…}), lower-cased, as HTTP headers may carry it. */
    public MediaType essence() {
        int semicolon = value.indexOf(';');
        String bare = (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return bare.equals(value) ? this : new MediaType(bare);
    }

    public boolean isIndex() {
        MediaType e = essence();
        return e.equals(OCI_INDEX) || e.equals(DOCKER_MANIFEST_LIST);
    }

    public boolean isManifest() {
        MediaType e = essence();
        return e.equals(OCI_MANIFEST) || e.equals(DOCKER_MANIFEST) || e.equals(OCI_DESCRIPTOR);
    }

    public boolean isSchema1() {
        MediaType e = essence();
        return e.equals(DOCKER_SCHEMA1) || e.equals(DOCKER_SCHEMA1_SIGNED);
    }

    public boolean isConfig() {
        MediaType e = essence();
        return e.equals(OCI_CONFIG) || e.equals(DOCKER_CONFIG);
    }

    /** A filesystem layer: OCI (including the deprecated non-distributable types) or Docker. */
    public boolean isLayer() {
        String v = essence().value;
        return v.startsWith(OCI_LAYER_PREFIX) || v.startsWith(DOCKER_LAYER_PREFIX);
    }

    /** Layers that registries may refuse to serve and that copies skip unless asked. */
    public boolean isForeignLayer() {
        String v = essence().value;
        return v.equals(DOCKER_FOREIGN_LAYER.value) || v.startsWith(OCI_LAYER_PREFIX + "nondistributable.");
    }

    public boolean isDocker() {
        return essence().value.startsWith("application/vnd.docker.");
    }

    /** The compression a layer type declares, or empty for a type that is not a layer. */
    public Optional<Compression> compression() {
        if (!isLayer()) {
            return Optional.empty();
        }
        String v = essence().value;
        if (v.endsWith("+gzip") || v.endsWith(".tar.gzip")) {
            return Optional.of(Compression.GZIP);
        }
        if (v.endsWith("+zstd")) {
            return Optional.of(Compression.ZSTD);
        }
        return Optional.of(Compression.NONE);
    }

    /**
     * This layer type with another compression, in the same family (Docker or OCI). Docker schema 2 has
     * no zstd type, so a zstd Docker layer becomes an OCI one.
     */
    public MediaType withCompression(Compression compression) {
        if (!isLayer()) {
            throw new IllegalStateException(value + " is not a layer media type");
        }
        if (isDocker() && compression != Compression.ZSTD) {
            return compression == Compression.GZIP ? DOCKER_LAYER : DOCKER_LAYER_TAR;
        }
        return ociLayer(compression);
    }

    /**
     * The OCI type that means the same as this Docker schema 2 type (manifest, list, config, layers); any
     * other type is returned as it is. OCI layouts are written with OCI types: skopeo and oci-image-tool
     * ignore or refuse Docker types in an {@code index.json}.
     */
    public MediaType toOci() {
        MediaType e = essence();
        if (e.equals(DOCKER_MANIFEST)) {
            return OCI_MANIFEST;
        }
        if (e.equals(DOCKER_MANIFEST_LIST)) {
            return OCI_INDEX;
        }
        if (e.equals(DOCKER_CONFIG)) {
            return OCI_CONFIG;
        }
        if (e.equals(DOCKER_LAYER)) {
            return OCI_LAYER_GZIP;
        }
        if (e.equals(DOCKER_LAYER_TAR)) {
            return OCI_LAYER;
        }
        if (e.equals(DOCKER_FOREIGN_LAYER)) {
            return OCI_NONDISTRIBUTABLE_LAYER_GZIP;
        }
        return this;
    }

    public static MediaType ociLayer(Compression compression) {
        return switch (compression) {
            case NONE -> OCI_LAYER;
            case GZIP -> OCI_LAYER_GZIP;
            case ZSTD -> OCI_LAYER_ZSTD;
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
