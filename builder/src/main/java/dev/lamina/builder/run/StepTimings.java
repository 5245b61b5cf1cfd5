package dev.lamina.builder.run;

import java.time.Duration;
import java.util.List;

/**
 * Where a step's time went, for the benchmark: lamina's preparation (user lookup, step directory, cgroup),
 * starting the helper process, creating the namespaces, id maps and cgroup joining, building the mount tree
 * and pivoting, forking and executing the command, the command itself, and the teardown after it.
 */
record StepTimings(Duration prepare, Duration spawn, Duration namespaces, Duration idsAndCgroups, Duration mounts,
        Duration exec, Duration command, Duration teardown) {
    /** From the helper's marks (start, clone, released, setup begin, setup end, executed, done) and lamina's. */
    static StepTimings of(long start, long spawning, List<Long> marks, long end) {
        if (marks.size() < 7) {
            return new StepTimings(between(start, spawning), Duration.ZERO, Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO, Duration.ZERO, between(spawning, end));
        }
        return new StepTimings(between(start, spawning), between(spawning, marks.get(0)),
                between(marks.get(0), marks.get(1)), between(marks.get(1), marks.get(2)),
                between(marks.get(3), marks.get(4)), between(marks.get(4), marks.get(5)),
                between(marks.get(5), marks.get(6)), between(marks.get(6), end));
    }

    private static Duration between(long from, long to) {
        return Duration.ofNanos(Math.max(0, to - from));
    }
}
