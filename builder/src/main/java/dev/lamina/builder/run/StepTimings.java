package dev.lamina.builder.run;

import java.time.Duration;
import java.util.List;

/**
 * Where a step's time went, for the benchmark: lamina's preparation (USER lookup, step directory, cgroup),
 * starting the helper process, creating the namespaces, id maps and cgroup joining, the init's mount tree
 * and pivot, forking and executing the command, the command itself, the helper's wrap-up (stub removal,
 * status) until lamina has all output, and lamina's cleanup (cgroup and step directory removal).
 */
record StepTimings(Duration prepare, Duration spawn, Duration namespaces, Duration idsAndCgroups, Duration mounts,
        Duration exec, Duration command, Duration wrapUp, Duration cleanup) {
    /**
     * From lamina's clock readings and the helper's marks on the same clock (start, clone, released, setup
     * begin, setup end, executed, done).
     */
    static StepTimings of(long start, long spawning, List<Long> marks, long exited, long end) {
        if (marks.size() < 7) {
            return new StepTimings(between(start, spawning), between(spawning, exited), Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, between(exited, end));
        }
        return new StepTimings(between(start, spawning), between(spawning, marks.get(0)),
                between(marks.get(0), marks.get(1)), between(marks.get(1), marks.get(2)),
                between(marks.get(2), marks.get(4)), between(marks.get(4), marks.get(5)),
                between(marks.get(5), marks.get(6)), between(marks.get(6), exited), between(exited, end));
    }

    private static Duration between(long from, long to) {
        return Duration.ofNanos(Math.max(0, to - from));
    }
}
