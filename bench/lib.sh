# Shared by the benchmark scripts (sourced from the repository root): the scratch directory and cleanup, a local
# Distribution registry, a busybox base image, and timing with medians.

lamina="$(pwd)/lamina"

# Prepares a run: $work (DEFAULT_WORK unless $BENCH_DIR; emptied now, removed at exit unless $BENCH_KEEP is set),
# the tools checked, lamina built (jar and CDS archive), and $host, a free loopback address for start_registry.
bench_setup() {   # DEFAULT_WORK TOOL...
    work=${BENCH_DIR:-$1}
    shift
    rm -rf "$work"
    mkdir -p "$work"
    registry_pid=
    trap bench_cleanup EXIT
    if [ -n "${BENCH_KEEP:-}" ]; then trap - EXIT; fi   # keep the data (and the registry) for a closer look
    [ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is required (apt-get install time)" >&2; exit 1; }
    for tool in python3 "$@"; do
        command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 1; }
    done
    "$lamina" --version >/dev/null   # builds the jar and the CDS archive on first use
    host="127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
}

bench_cleanup() {
    if [ -n "${registry_pid:-}" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}

# Points buildah (and skopeo) at the local registry over plain HTTP, through a registries.conf of the run's own.
buildah_trusts_registry() {
    printf '[[registry]]\nlocation = "%s"\ninsecure = true\n' "$host" > "$work/registries.conf"
    export CONTAINERS_REGISTRIES_CONF="$work/registries.conf"
}

# Writes DIR/Dockerfile and DIR/rootfs: busybox-static with its applet links, /etc/passwd and /etc/group with
# root and the given extra lines, and a sticky /tmp, as a FROM-scratch base image.
busybox_context() {   # DIR [PASSWD_LINE GROUP_LINE]
    mkdir -p "$1/rootfs/bin" "$1/rootfs/etc" "$1/rootfs/tmp"
    chmod 1777 "$1/rootfs/tmp"
    cp "$(readlink -f "$(command -v busybox)")" "$1/rootfs/bin/busybox"
    for applet in $(busybox --list); do [ "$applet" = busybox ] || ln -s busybox "$1/rootfs/bin/$applet"; done
    { echo 'root:x:0:0:root:/root:/bin/sh'; [ -z "${2:-}" ] || echo "$2"; } > "$1/rootfs/etc/passwd"
    { echo 'root:x:0:'; [ -z "${3:-}" ] || echo "$3"; } > "$1/rootfs/etc/group"
    printf 'FROM scratch\nCOPY rootfs/ /\nCMD ["sh"]\n' > "$1/Dockerfile"
}

# Starts a fresh, empty registry at $host, storing under $work/registry.
start_registry() {
    if [ -n "${registry_pid:-}" ]; then kill "$registry_pid"; wait "$registry_pid" 2>/dev/null || true; fi
    rm -rf "$work/registry"
    mkdir -p "$work/registry"
    cat > "$work/registry.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry
  delete:
    enabled: true
http:
  addr: $host
  secret: bench-secret
YAML
    docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
    registry_pid=$!
    for _ in $(seq 100); do
        curl -fs "http://$host/v2/" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "bench: the registry did not start" >&2; cat "$work/registry.log" >&2; exit 1
}

# Runs a command; prints its wall time and CPU time (user + system) in seconds.
timed() {
    /usr/bin/time -f '%e %U %S' -o "$work/last.time" "$@" >/dev/null 2>"$work/last.err" \
        || { echo "bench: failed: $*" >&2; cat "$work/last.err" >&2; exit 1; }
    awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/last.time"
}

# The median run by wall time, as "WALL CPU".
median() { sort -g | awk '{w[NR]=$1; c[NR]=$2} END {m=int((NR+1)/2); print w[m], c[m]}'; }
