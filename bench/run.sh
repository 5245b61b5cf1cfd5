#!/usr/bin/env bash
# lamina's benchmarks, against skopeo in the same run on the same machine (see bench/README.md):
#   save and load of (a) one layer of 20,000 small files (~200 MB) and (b) five 100 MB layers, docker-archive
#   and oci-archive, vs `skopeo copy` between the same formats; layer write throughput (gzip on one core and on
#   all, zstd, none) and sha256 vs sha256sum.
# Data lives on tmpfs (BENCH_DIR, default /dev/shm/lamina-bench) so that both tools measure their own work, not
# this machine's slow small-file creation; it is removed at the end (4 GB of memory) unless BENCH_KEEP is set,
# which also lets a later run reuse the data. BENCH_RUNS (default 3) runs per case; the median is reported.
set -euo pipefail
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
top=$(dirname "$here")
work=${BENCH_DIR:-/dev/shm/lamina-bench}
runs=${BENCH_RUNS:-3}
lamina="$top/lamina"
jar="$top/cli/target/lamina.jar"
skopeo=$(command -v skopeo) || { echo "bench: skopeo is not installed" >&2; exit 1; }

"$lamina" --version >/dev/null # builds the jar on first use
mkdir -p "$work/data" "$work/out"
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
data="$work/data"
store="$work/store"

if [ ! -d "$data/small" ]; then
    echo "bench: writing 20,000 small files" >&2
    java "$here/BenchData.java" small "$data/small" 20000 10000
fi
for i in 1 2 3 4 5; do
    [ -f "$data/big$i/blob.bin" ] || java "$here/BenchData.java" big "$data/big$i/blob.bin" 100
done
if ! "$lamina" --root "$store" images -q bench/small-files:latest | grep -q .; then
    echo "bench: building the images with lamina's layer writer" >&2
    java -cp "$jar" "$here/MakeImage.java" "$store" bench/small-files:latest "$data/small"
    java -cp "$jar" "$here/MakeImage.java" "$store" bench/big-layers:latest "$data"/big{1,2,3,4,5}
fi

# wall time (seconds) of one run of the command line in $1
timed() {
    local start end
    start=$(date +%s.%N)
    eval "$1" >/dev/null 2>"$work/out/last.err" || { cat "$work/out/last.err" >&2; return 1; }
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

median() {
    printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

# compare CASE PREPARE LAMINA SKOPEO: runs the two alternately (so that load from elsewhere on the machine
# falls on both alike), each after PREPARE (untimed), and prints the medians and their ratio
compare() {
    local lamina_times=() skopeo_times=()
    for _ in $(seq "$runs"); do
        eval "$2"
        lamina_times+=("$(timed "$3")")
        eval "$2"
        skopeo_times+=("$(timed "$4")")
    done
    awk -v c="$1" -v l="$(median "${lamina_times[@]}")" -v s="$(median "${skopeo_times[@]}")" \
        'BEGIN { printf "| %-38s | %8.2f s | %8.2f s | %5.2f× |\n", c, l, s, l / s }'
}

out="$work/out"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
L="\"$lamina\""
S="\"$skopeo\" --insecure-policy copy -q"
echo "| case | lamina | skopeo | lamina/skopeo |"
echo "| --- | --- | --- | --- |"
for image in small-files big-layers; do
    ref="bench/$image:latest"
    full="docker.io/bench/$image:latest"
    compare "save $image → docker-archive" "rm -f $out/d.tar" \
        "$L --root $store save -q -o $out/d.tar $ref" \
        "$S oci:$store:$full docker-archive:$out/d.tar:$ref"
    compare "load $image ← docker-archive" "rm -rf $out/fresh" \
        "$L --root $out/fresh load -q -i $out/d.tar" \
        "$S --dest-oci-accept-uncompressed-layers docker-archive:$out/d.tar oci:$out/fresh:$image"
    compare "save $image → oci-archive" "rm -f $out/o.tar" \
        "$L --root $store save -q --format oci -o $out/o.tar $full" \
        "$S oci:$store:$full oci-archive:$out/o.tar:$full"
    compare "load $image ← oci-archive" "rm -rf $out/fresh" \
        "$L --root $out/fresh load -q -i $out/o.tar" \
        "$S oci-archive:$out/o.tar:$full oci:$out/fresh:$image"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
starts=()
for ((i = 0; i < runs; i++)); do starts+=("$(timed "$L --version")"); done
echo "JVM start (lamina --version, median of $runs): $(median "${starts[@]}") s"
echo
echo "Layer write throughput (MB/s of tar written; input on tmpfs, output hashed and discarded):"
cat "$data"/big{1,2,3,4,5}/blob.bin > "$out/500mb.bin"
java -cp "$jar" "$here/LayerThroughput.java" "$out/500mb.bin"
java -cp "$jar" "$here/LayerThroughput.java" "$data/small" | sed 's/^/small files: /'
sha=$(median "$(timed "sha256sum $out/500mb.bin")" "$(timed "sha256sum $out/500mb.bin")" "$(timed "sha256sum $out/500mb.bin")")
awk -v t="$sha" 'BEGIN { printf "sha256sum          : %7.1f MB/s\n", 524.288 / t }'
