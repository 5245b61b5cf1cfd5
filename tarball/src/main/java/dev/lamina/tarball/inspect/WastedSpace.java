package dev.lamina.tarball.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Collects dive's efficiency figures while a scan applies layers: per path (a {@link FileTree} node number),
 * how many times it was written or deleted, the bytes counted, and the smallest size counted. Three primitive
 * arrays, so memory is a few dozen bytes per path.
 */
final class WastedSpace {
    private int[] count = new int[1024];
    private long[] total = new long[1024];
    private long[] smallest = new long[1024];

    /** Counts a write of {@code size} bytes (or a deletion: 0) at node {@code id}. */
    void record(int id, long size) {
        if (id >= count.length) {
            int capacity = Math.max(id + 1, count.length * 2);
            count = Arrays.copyOf(count, capacity);
            total = Arrays.copyOf(total, capacity);
            smallest = Arrays.copyOf(smallest, capacity);
        }
        smallest[id] = count[id] == 0 ? size : Math.min(smallest[id], size);
        count[id]++;
        total[id] += size;
    }

    /** The figures, with the {@code top} largest offenders (paths counted more than once). */
    Efficiency result(FileTree tree, List<LayerSummary> layers, int top) {
        long minimum = 0;
        long discovered = 0;
        long wasted = 0;
        // smallest first, so the head is the one to drop; among equals the later-seen path goes first
        PriorityQueue<Integer> largest = new PriorityQueue<>(Comparator.<Integer>comparingLong(id -> total[id])
                .thenComparing(Comparator.<Integer>reverseOrder()));
        for (int id = 0; id < count.length; id++) {
            if (count[id] == 0) {
                continue;
            }
            minimum += smallest[id];
            discovered += total[id];
            if (count[id] > 1) {
                wasted += total[id];
                if (top > 0) {
                    largest.add(id);
                    if (largest.size() > top) {
                        largest.poll();
                    }
                }
            }
        }
        List<Efficiency.Offender> offenders = new ArrayList<>();
        for (int id : largest) {
            offenders.add(new Efficiency.Offender(tree.path(id), count[id], total[id]));
        }
        offenders.sort(Comparator.comparingLong(Efficiency.Offender::totalBytes).reversed()
                .thenComparing(Efficiency.Offender::path));
        long size = layers.stream().mapToLong(LayerSummary::size).sum();
        long user = layers.stream().skip(1).mapToLong(LayerSummary::size).sum();
        double score = discovered == 0 ? 1.0 : (double) minimum / discovered;
        return new Efficiency(score, wasted, size, user, offenders);
    }
}
