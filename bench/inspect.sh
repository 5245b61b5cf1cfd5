#!/usr/bin/env bash
# lamina's inspection against the manual way, in one run on the same machine (see README, "Benchmark: inspection"):
# `lamina diff` (image to image, and per layer) and `lamina layers` on (a) an image of one layer of 20,000 small
# files and (b) an image of five 100 MB layers, each against a rebuilt version of itself; the manual way is
# `umoci unpack` of both images then `diff -r` of the two root filesystems. Wall time (median) and peak RSS
# (GNU time's maximum resident set size) of each.
# Data lives on tmpfs (BENCH_DIR, default /dev/shm/lamina-inspect-bench): this machine's disk makes small-file
# creation slow, which would flatter lamina (it writes nothing). BENCH_RUNS (default 5) runs per case.
set -euo pipefail
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
top=$(dirname "$here")
work=${BENCH_DIR:-/dev/shm/lamina-inspect-bench}
runs=${BENCH_RUNS:-5}
lamina="$top/lamina"
jar="$top/cli/target/lamina.jar"
umoci=$(command -v umoci) || { echo "bench: umoci is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is not installed" >&2; exit 1; }

"$lamina" --version >/dev/null # builds the jar (and its class-data archive) on first use
mkdir -p "$work"
store="$work/store"
layout="$work/layout"
if ! "$lamina" --root "$store" images -q bench/big:2 | grep -q .; then
    echo "bench: writing the images (about 30 s)" >&2
    java -cp "$jar" "$here/InspectData.java" "$store"
fi
if [ ! -f "$layout/index.json" ]; then
    for image in small:1 small:2 big:1 big:2; do
        "$lamina" --root "$store" copy -q "bench/$image" "oci:$layout:${image/:/-}"
    done
fi

# measure COMMAND: one run; prints "SECONDS KB" (wall time, peak RSS of the command or its largest child)
measure() {
    /usr/bin/time -o "$work/time.txt" -f "%e %M" bash -c "$1" >/dev/null 2>"$work/last.err" \
        || { cat "$work/last.err" >&2; return 1; }
    cat "$work/time.txt"
}

median() {
    printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

u="$work/unpacked"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $runs runs per case, interleaved"
echo
echo "| image | command | wall (median) | peak RSS | vs umoci unpack ×2 + diff -r |"
echo "| --- | --- | --- | --- | --- |"
for image in small big; do
    manual="rm -rf $u; $umoci unpack --image $layout:$image-1 $u/1 && $umoci unpack --image $layout:$image-2 $u/2 \
        && { diff -r $u/1/rootfs $u/2/rootfs || [ \$? = 1 ]; }"
    L="$lamina --root $store"
    names=("umoci unpack ×2 + diff -r" "lamina diff $image:1 $image:2" "lamina diff oci:… oci:… (same layout)"
        "lamina diff $image:2 (per layer)" "lamina layers $image:2")
    commands=("$manual" "$L diff bench/$image:1 bench/$image:2" "$L diff oci:$layout:$image-1 oci:$layout:$image-2"
        "$L diff bench/$image:2" "$L layers bench/$image:2")
    declare -A times=() rss=()
    for _ in $(seq "$runs"); do
        for i in "${!commands[@]}"; do
            read -r t m < <(measure "${commands[$i]}")
            times[$i]="${times[$i]:-} $t"
            rss[$i]="${rss[$i]:-} $m"
        done
    done
    rm -rf "$u"
    base=$(median ${times[0]})
    for i in "${!commands[@]}"; do
        t=$(median ${times[$i]})
        m=$(median ${rss[$i]})
        awk -v img="$image" -v n="${names[$i]}" -v t="$t" -v m="$m" -v b="$base" \
            'BEGIN { printf "| %s | %s | %.2f s | %.0f MB | %.2f× |\n", img, n, t, m / 1024, t / b }'
    done
    unset times rss
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JVM start (lamina --version): $(measure "$lamina --version" | cut -d' ' -f1) s"
