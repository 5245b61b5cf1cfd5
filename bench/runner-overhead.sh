#!/usr/bin/env bash
# Per-step overhead of `RUN true` through lamina's runner (median of 50 after 10 warm-up runs), broken down
# into Java preparation, process spawn, namespace creation, id maps/cgroup joining, the mount tree, exec,
# the command and teardown; with runc, a bare util-linux unshare+chroot and a JVM spawn of /bin/true for
# scale. Needs root, busybox-static, runc and gcc. Usage: bench/runner-overhead.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B verify -pl builder -am -Dsurefire.excludedGroups= -Dtest=RunnerOverheadBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false -Dlamina.bench=true -Dlamina.bench.runs="${1:-50}"
cat builder/target/bench/runner-overhead.txt
