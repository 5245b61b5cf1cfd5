package dev.lamina.builder;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.tarball.layer.LayerBlob;

/**
 * One layer of an image being built, as a manifest lists it ({@code descriptor}: media type, compressed digest,
 * size) and as its config lists it ({@code diffId}: the digest of the uncompressed tar). Its blob is in the store.
 */
public record LayerRef(Descriptor descriptor, Digest diffId) {
    public static LayerRef of(LayerBlob blob) {
        return new LayerRef(blob.descriptor(), blob.diffId());
    }
}
