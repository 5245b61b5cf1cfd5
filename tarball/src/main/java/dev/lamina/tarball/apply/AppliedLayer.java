package dev.lamina.tarball.apply;

import dev.lamina.image.Digest;

/** What applying one layer did: the diffID of the tar that was read, its size, and how many entries it held. */
public record AppliedLayer(Digest diffId, long size, int entries) {
}
