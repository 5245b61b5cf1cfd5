#!/bin/sh
# Compiles lamina-init for this machine's architecture into the directory $1, as lamina-init-ARCH with its
# SHA-256 in lamina-init-ARCH.sha256 (NativeHelper checks the extracted copy against it). Static, so the
# jar's helper runs on any Linux of that architecture whatever its libc.
# Without a C compiler or a static libc the build goes on without the helper: lamina still works, and a
# RUN step then fails with one line saying how to get it (install gcc and libc6-dev, or use --runtime runc).
set -u
src=$(dirname "$0")/lamina-init.c
out=$1
bin=$out/lamina-init-$(uname -m)
mkdir -p "$out"
if [ -f "$bin" ] && [ -f "$bin.sha256" ] && [ "$bin" -nt "$src" ]; then
    exit 0
fi
cc=${CC:-}
if [ -z "$cc" ]; then
    for candidate in gcc cc; do
        if command -v "$candidate" >/dev/null 2>&1; then
            cc=$candidate
            break
        fi
    done
fi
if [ -z "$cc" ]; then
    echo "[WARNING] lamina-init: no C compiler; this build of lamina cannot run RUN steps itself (install gcc and libc6-dev)" >&2
    exit 0
fi
if ! "$cc" -static -Os -s -std=gnu11 -Wall -Wextra -o "$bin.tmp" "$src"; then
    rm -f "$bin.tmp"
    echo "[WARNING] lamina-init: $cc could not build it statically; this build of lamina cannot run RUN steps itself (install libc6-dev)" >&2
    exit 0
fi
sha256sum "$bin.tmp" | cut -d' ' -f1 > "$bin.sha256"
mv "$bin.tmp" "$bin"
