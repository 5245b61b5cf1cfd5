#!/usr/bin/env bash
# Builder benchmark: lamina build against `buildah bud` on the same machine, base image and context, in one run.
# The Dockerfile copies a 2,000-file context in a first stage, sets metadata, and copies the result into a second
# stage with COPY --from. Three figures, each the median of RUNS runs:
#   cold      empty store (lamina) / empty storage (buildah): pull the base from a local registry, build everything
#   no-change the same build again: every step from the cache
#   one-file  one source file edited, then rebuilt: the steps that read it, and those after, run again
# buildah runs with --layers (one cached layer per instruction, as lamina keeps one per step) and chroot isolation,
# once with the overlay storage driver (its fastest here) and once with vfs.
#
#   bench/builder.sh [RUNS]      (default 3; needs buildah, docker-registry, busybox-static, python3, curl, /usr/bin/time)
#
# Data lives on tmpfs ($BENCH_DIR, default /dev/shm/lamina-bench-builder), removed at the end: this machine's
# root filesystem makes small-file creation slow for both tools alike.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
. bench/lib.sh   # bench_setup, start_registry, busybox_context, timed, median
bench_setup /dev/shm/lamina-bench-builder buildah docker-registry curl busybox
start_registry
buildah_trusts_registry

# The base image: busybox-static with its applet links, built and pushed once by lamina.
busybox_context "$work/base" 'app:x:1000:1000::/home/app:/bin/sh' 'app:x:1000:'
LAMINA_ROOT="$work/seed" "$lamina" build -q -t "$host/bench/base:1" --push "$work/base" >/dev/null

# The context: 2,000 source files in 40 directories, and a few files at the top.
python3 - "$work/context" <<'PY'
import os, random, sys
root = sys.argv[1]
random.seed(7)
for d in range(40):
    os.makedirs(f"{root}/src/pkg{d:02}", exist_ok=True)
    for f in range(50):
        with open(f"{root}/src/pkg{d:02}/File{f:03}.java", "w") as out:
            out.write("".join(random.choice("abcdefghij \n") for _ in range(random.randint(500, 4000))))
with open(f"{root}/README.md", "w") as out:
    out.write("# bench\n")
with open(f"{root}/pom.xml", "w") as out:
    out.write("<project/>\n")
PY
cat > "$work/context/Dockerfile" <<EOF
FROM $host/bench/base:1 AS build
LABEL stage=build
COPY pom.xml /build/
COPY src/ /build/src/

FROM $host/bench/base:1
LABEL org.opencontainers.image.title=bench org.opencontainers.image.version=1
ENV APP_HOME=/app JAVA_OPTS="-Xmx1g"
WORKDIR /app
COPY --from=build /build/ ./
COPY README.md ./
EXPOSE 8080
USER 1000:1000
ENTRYPOINT ["sh", "-c"]
CMD ["ls /app"]
EOF

lamina_build() { timed env LAMINA_ROOT="$work/lamina-store" "$lamina" build -q -t bench:1 "$work/context"; }
buildah_build() {   # DRIVER
    timed buildah --root "$work/buildah-$1/root" --runroot "$work/buildah-$1/run" --storage-driver "$1" \
        bud --layers --isolation chroot -q -t bench:1 "$work/context"
}
reset() { rm -rf "$work/lamina-store" "$work/buildah-overlay" "$work/buildah-vfs"; }
edit() { printf '// edited %s\n' "$1" >> "$work/context/src/pkg17/File023.java"; }

declare -A results
for run in $(seq "$runs"); do
    reset
    results[cold-lamina]+="$(lamina_build)"$'\n'
    results[cold-overlay]+="$(buildah_build overlay)"$'\n'
    results[cold-vfs]+="$(buildah_build vfs)"$'\n'
    results[nochange-lamina]+="$(lamina_build)"$'\n'
    results[nochange-overlay]+="$(buildah_build overlay)"$'\n'
    results[nochange-vfs]+="$(buildah_build vfs)"$'\n'
    edit "$run"
    results[onefile-lamina]+="$(lamina_build)"$'\n'
    results[onefile-overlay]+="$(buildah_build overlay)"$'\n'
    results[onefile-vfs]+="$(buildah_build vfs)"$'\n'
done

jvm=$(for _ in $(seq "$runs"); do timed "$lamina" --version; done | median)
printf 'lamina --version (JVM start): %.2f s wall, %.2f s CPU\n' $jvm
printf 'context: 2,000 files, %s; %d runs per figure, medians\n\n' "$(du -sh "$work/context/src" | cut -f1)" "$runs"
printf '%-10s %16s %22s %8s %18s %8s\n' case 'lamina wall/cpu' 'buildah overlay w/cpu' ratio 'buildah vfs w/cpu' ratio
for case in cold nochange onefile; do
    read -r lw lc <<<"$(printf '%s' "${results[$case-lamina]}" | sed '/^$/d' | median)"
    read -r ow oc <<<"$(printf '%s' "${results[$case-overlay]}" | sed '/^$/d' | median)"
    read -r vw vc <<<"$(printf '%s' "${results[$case-vfs]}" | sed '/^$/d' | median)"
    printf '%-10s %9.2fs/%5.2fs %14.2fs/%5.2fs %7.2fx %11.2fs/%5.2fs %7.2fx\n' "$case" "$lw" "$lc" "$ow" "$oc" \
        "$(echo "$lw / $ow" | bc -l)" "$vw" "$vc" "$(echo "$lw / $vw" | bc -l)"
done
