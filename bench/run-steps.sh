#!/usr/bin/env bash
# RUN benchmark: lamina build against `buildah bud --isolation chroot --layers` (overlay and vfs storage), same
# machine, base images and run. Two figures, medians of RUNS runs:
#   per-step   a Dockerfile of twenty `RUN true` on a busybox base, minus the same Dockerfile without the RUNs,
#              divided by 20: what one RUN step costs beyond the work of its command
#   snapshot   a RUN that touches one file on a base of 50,000 files: lamina's overlay snapshotter against its
#              metadata walk (LAMINA_SNAPSHOTTER=walk), the snapshot phase alone (lamina --debug prints each step's
#              prepare/run/diff/write times: "diff" finds the changes, "write" makes the layer blob) and the whole
#              build, with buildah's whole build beside them. Each lamina build is a fresh JVM, so the snapshot
#              figures include cold code (no warm-up), as a user's build does.
# Every build is --no-cache over a store that already holds the base (and its extracted layers): the figures are
# the steps' own cost, not the pull.
#
#   bench/run-steps.sh [RUNS]    (default 5; root; needs buildah, docker-registry, busybox-static, python3, curl,
#                                 /usr/bin/time, bc)
#
# Data lives on tmpfs ($BENCH_DIR, default /dev/shm/lamina-bench-run), removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
[ "$(id -u)" = 0 ] || { echo "bench: run as root (lamina's overlay snapshotter and buildah need it)" >&2; exit 1; }
. bench/lib.sh   # bench_setup, start_registry, busybox_context, timed, median
bench_setup /dev/shm/lamina-bench-run buildah docker-registry curl busybox bc
start_registry
buildah_trusts_registry

# Base images, built and pushed by lamina: busybox-static with its applets; the same plus 50,000 small files.
busybox_context "$work/base"
LAMINA_ROOT="$work/seed" "$lamina" build -q -t "$host/bench/busybox:1" --push "$work/base" >/dev/null
python3 - "$work/base/rootfs/data" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(100):
    os.makedirs(f"{root}/d{d:03}", exist_ok=True)
    for f in range(500):
        with open(f"{root}/d{d:03}/f{f:03}.txt", "w") as out:
            out.write(f"file {d} {f}\n")
PY
LAMINA_ROOT="$work/seed" "$lamina" build -q -t "$host/bench/many:1" --push "$work/base" >/dev/null

mkdir -p "$work/steps" "$work/nosteps" "$work/touch"
{ echo "FROM $host/bench/busybox:1"; echo "LABEL bench=run"; for _ in $(seq 20); do echo "RUN true"; done; } \
    > "$work/steps/Dockerfile"
printf 'FROM %s/bench/busybox:1\nLABEL bench=run\n' "$host" > "$work/nosteps/Dockerfile"
printf 'FROM %s/bench/many:1\nRUN echo touched > /data/d042/f042.txt\n' "$host" > "$work/touch/Dockerfile"

lamina_build() {   # SNAPSHOTTER DIR
    timed env LAMINA_ROOT="$work/lamina-store" LAMINA_SNAPSHOTTER="$1" "$lamina" --debug build --progress plain \
        --no-cache "$2"
}
buildah_build() {  # DRIVER DIR
    timed buildah --root "$work/buildah-$1/root" --runroot "$work/buildah-$1/run" --storage-driver "$1" \
        bud --layers --no-cache --isolation chroot -q "$2"
}
# lamina --debug: "RUN timings (overlay): prepare P ms, run R ms, diff D ms, write W ms"; prints "D W".
snapshot_ms() { sed -n 's/.*RUN timings.*diff \([0-9.]*\) ms, write \([0-9.]*\) ms.*/\1 \2/p' "$work/last.err" | tail -1; }

# Warm-up: the bases pulled into every store and extracted once (lamina keeps extracted layers by chain ID).
for dir in steps touch; do
    lamina_build overlay "$work/$dir" >/dev/null
    lamina_build walk "$work/$dir" >/dev/null
    buildah_build overlay "$work/$dir" >/dev/null
    buildah_build vfs "$work/$dir" >/dev/null
done

declare -A results
for _ in $(seq "$runs"); do
    for tool in lamina-overlay lamina-walk buildah-overlay buildah-vfs; do
        kind=${tool%%-*}; mode=${tool#*-}
        results[steps-$tool]+="$(${kind}_build "$mode" "$work/steps")"$'\n'
        results[nosteps-$tool]+="$(${kind}_build "$mode" "$work/nosteps")"$'\n'
        results[touch-$tool]+="$(${kind}_build "$mode" "$work/touch")"$'\n'
        if [ "$kind" = lamina ]; then
            read -r diff write <<<"$(snapshot_ms)"
            results[diff-$tool]+="$diff 0"$'\n'
            results[snap-$tool]+="$(echo "$diff + $write" | bc -l) 0"$'\n'
        fi
    done
done
med() { printf '%s' "${results[$1]}" | sed '/^$/d' | median | cut -d' ' -f1; }

printf 'RUN benchmark, %d runs per figure, medians (data on tmpfs)\n\n' "$runs"
printf 'per RUN step (20 x RUN true, minus the same Dockerfile without them, / 20):\n'
for tool in lamina-overlay lamina-walk buildah-overlay buildah-vfs; do
    step=$(echo "($(med steps-$tool) - $(med nosteps-$tool)) * 1000 / 20" | bc -l)
    printf '  %-16s %7.1f ms/step   (with RUNs %.2f s, without %.2f s)\n' "$tool" "$step" \
        "$(med steps-$tool)" "$(med nosteps-$tool)"
    eval "step_${tool//-/_}=$step"
done
printf '  ratio lamina-overlay / buildah-overlay: %.2fx, / buildah-vfs: %.2fx\n\n' \
    "$(echo "$step_lamina_overlay / $step_buildah_overlay" | bc -l)" "$(echo "$step_lamina_overlay / $step_buildah_vfs" | bc -l)"
printf 'one-file RUN on a 50,000-file base:\n'
d_overlay=$(med diff-lamina-overlay); d_walk=$(med diff-lamina-walk)
printf '  finding the changes:        overlay %6.1f ms, walk %6.1f ms: overlay = %4.1f%% of the walk\n' "$d_overlay" "$d_walk" \
    "$(echo "$d_overlay * 100 / $d_walk" | bc -l)"
so=$(med snap-lamina-overlay); sw=$(med snap-lamina-walk)
printf '  snapshot (+ layer written): overlay %6.1f ms, walk %6.1f ms: overlay = %4.1f%% of the walk\n' "$so" "$sw" \
    "$(echo "$so * 100 / $sw" | bc -l)"
for tool in lamina-overlay lamina-walk buildah-overlay buildah-vfs; do
    printf '  whole build %-16s %6.2f s\n' "$tool" "$(med touch-$tool)"
done
