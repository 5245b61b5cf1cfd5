package dev.lamina.tarball.layer;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;

/**
 * A written layer: the descriptor a manifest lists (media type, compressed digest and size), the diffID a
 * config lists (sha256 of the uncompressed tar) and the uncompressed size.
 */
public record LayerBlob(Descriptor descriptor, Digest diffId, long uncompressedSize) {
}
