package dev.lamina.tarball.inspect;

/**
 * What reading one layer found. {@code tarSize} is the uncompressed tar's length; {@code size} is what the layer
 * adds to a disk once unpacked, as Docker measures a layer for {@code docker history}: the content of its regular
 * files plus the length of its symlinks' targets (a hardlink adds nothing). The counts: paths added and modified
 * (directories too, and parents the layer implies without naming them), paths of the layers below deleted (each
 * path under a deleted directory counts), whiteout entries, and opaque directory markers.
 */
public record LayerSummary(ImageLayer layer, long tarSize, long size, int entries, int added, int modified,
        int deleted, int whiteouts, int opaqueDirs) {
}
