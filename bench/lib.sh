# Shared by the benchmark scripts (sourced): a local Distribution registry, and timing with medians.
# The sourcing script sets $work (its scratch directory) and $host (127.0.0.1:PORT) and kills $registry_pid
# on exit.

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
