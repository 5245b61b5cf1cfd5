#!/usr/bin/env bash
# Registry benchmark: lamina push/pull against `skopeo copy` on the same local Distribution registry, in the
# same run, for (a) five 100 MB layers and (b) one layer of 20,000 files; cold (nothing at the destination)
# and warm (every blob already there). Each figure is the median of RUNS runs; lamina's include the JVM
# start (measured separately as `lamina --version`).
#
#   bench/registry-vs-skopeo.sh [RUNS]      (default 3; needs docker-registry, skopeo, python3, bc, curl, /usr/bin/time)
#
# Work files go to $BENCH_DIR (default: a fresh directory under /tmp), removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
. bench/lib.sh   # bench_setup, start_registry, timed, median
bench_setup "$(mktemp -d /tmp/lamina-bench.XXXXXX)" docker-registry skopeo bc curl

# Each prints "WALL CPU" of one transfer: TOOL_OP DIR REF (DIR: the store or OCI layout on our side).
lamina_push() { timed env LAMINA_ROOT="$1" "$lamina" push -q "$2"; }
lamina_pull() { timed env LAMINA_ROOT="$1" "$lamina" pull -q "$2"; }
skopeo_push() { timed skopeo --insecure-policy copy -q --dest-tls-verify=false "oci:$1:$2" "docker://$2"; }
skopeo_pull() { timed skopeo --insecure-policy copy -q --src-tls-verify=false "docker://$2" "oci:$1:$2"; }

jvm=$(for _ in $(seq "$runs"); do timed "$lamina" --version; done | median)
printf 'lamina --version (JVM start): %.2f s wall, %.2f s CPU\n\n' $jvm
printf '%-6s %-5s %-5s %16s %16s %7s\n' shape op state 'lamina wall/cpu' 'skopeo wall/cpu' ratio

for shape in five files; do
    ref="$host/bench/$shape:1"
    layout="$work/layout-$shape"
    python3 bench/make-layout.py "$layout" "$shape" "$ref" >/dev/null

    for op in push pull; do
        declare -A cold=() warm=()
        for tool in lamina skopeo; do
            cold_times=()
            for i in $(seq "$runs"); do
                if [ "$op" = push ]; then
                    start_registry
                    cold_times+=("$("${tool}_push" "$layout" "$ref")")
                else
                    start_registry
                    "skopeo_push" "$layout" "$ref" >/dev/null 2>&1
                    dest="$work/pull-$tool-$i"
                    rm -rf "$dest"
                    cold_times+=("$("${tool}_pull" "$dest" "$ref")")
                fi
            done
            cold[$tool]=$(printf '%s\n' "${cold_times[@]}" | median)
            warm_times=()
            for i in $(seq "$runs"); do   # the destination now has every blob
                if [ "$op" = push ]; then
                    warm_times+=("$("${tool}_push" "$layout" "$ref")")
                else
                    warm_times+=("$("${tool}_pull" "$work/pull-$tool-1" "$ref")")
                fi
            done
            warm[$tool]=$(printf '%s\n' "${warm_times[@]}" | median)
            rm -rf "$work"/pull-"$tool"-*
        done
        for state in cold warm; do
            if [ "$state" = cold ]; then l=${cold[lamina]}; s=${cold[skopeo]}; else l=${warm[lamina]}; s=${warm[skopeo]}; fi
            read -r lw lc <<<"$l"
            read -r sw sc <<<"$s"
            printf '%-6s %-5s %-5s %8.2fs/%5.2fs %8.2fs/%5.2fs %6.2fx\n' "$shape" "$op" "$state" "$lw" "$lc" "$sw" "$sc" \
                "$(echo "$lw / $sw" | bc -l)"
        done
    done
    rm -rf "$layout"
done
