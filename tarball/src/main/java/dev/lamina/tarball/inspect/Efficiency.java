package dev.lamina.tarball.inspect;

import java.util.List;

/**
 * How well an image uses its bytes, as dive measures it. Every time a layer writes a file (anything but a
 * directory) counts its size for that path, and every time a later layer deletes it counts 0. Then
 * {@code score} is the sum over paths of the smallest size counted, over the sum of all sizes counted (1 when
 * nothing was counted), and {@code wastedBytes} adds up the sizes counted for paths counted more than once:
 * content that is overwritten or deleted by later layers (dive counts every copy of such a path, the last one
 * too). {@code sizeBytes} is the layers' total {@link LayerSummary#size}; {@code userSizeBytes} leaves out the
 * first (base) layer. {@code offenders} are the paths with the most bytes counted, largest first.
 *
 * <p>Unlike dive, a path under a directory that a later layer deletes (a whiteout of the directory, or an opaque
 * marker) counts as deleted too: dive counts only the whiteout itself, so removing a directory looked free.
 */
public record Efficiency(double score, long wastedBytes, long sizeBytes, long userSizeBytes, List<Offender> offenders) {
    public Efficiency {
        offenders = List.copyOf(offenders);
    }

    /** A path written or deleted more than once: how many times, and the bytes counted for it. */
    public record Offender(String path, int count, long totalBytes) {
    }

    /** {@code wastedBytes} over {@code userSizeBytes} (0 when there is no layer above the base). */
    public double userWastedRatio() {
        return userSizeBytes == 0 ? 0 : (double) wastedBytes / userSizeBytes;
    }
}
