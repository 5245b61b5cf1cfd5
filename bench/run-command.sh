#!/usr/bin/env bash
# `lamina run IMG true` wall time against runc on the same root file system, in one session (hyperfine,
# BENCH_RUNS=20 runs after 3 warm-ups). Three rows:
#   lamina run          the whole command: JVM start, image resolved, rootfs unpacked into a fresh copy,
#                       the namespace runner, the copy removed;
#   runc fresh copy     like for like: cp -a of the unpacked rootfs into a bundle, runc run, rm -rf;
#   runc run            runc alone on a bundle prepared once (what runc costs without any image work).
# Needs root, busybox-static, runc and hyperfine. Usage: bench/run-command.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-20}
work=$(mktemp -d "${BENCH_DIR:-/tmp}/lamina-run-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LAMINA_ROOT="$work/store"

[ -f cli/target/lamina.jar ] || ./mvnw -q -B -ntp -o -DskipTests -pl cli -am package

# A busybox image in the store, built by lamina from busybox-static.
. bench/lib.sh   # busybox_context
busybox_context "$work/ctx"
./lamina build -q -t bench/busybox:1 "$work/ctx" >/dev/null

# The same root file system as an OCI bundle for runc.
mkdir -p "$work/bundle"
./lamina unpack -q bench/busybox:1 "$work/bundle/rootfs"
(cd "$work/bundle" && runc spec && python3 - <<'PY'
import json
c = json.load(open("config.json"))
c["process"]["terminal"] = False
c["process"]["args"] = ["true"]
c["root"]["readonly"] = False
json.dump(c, open("config.json", "w"))
PY
)
mkdir -p "$work/fresh"
cp "$work/bundle/config.json" "$work/fresh/config.json"

hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$work/result.md" \
    -n "lamina run" "./lamina run bench/busybox:1 true" \
    -n "runc fresh copy" "sh -c 'cp -a $work/bundle/rootfs $work/fresh/rootfs && runc run -b $work/fresh bench-\$\$; rm -rf $work/fresh/rootfs'" \
    -n "runc run" "sh -c 'runc run -b $work/bundle bench-\$\$'"
cat "$work/result.md"
