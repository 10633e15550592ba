#!/usr/bin/env bash
# Compiles the signal handler into <classes>/<platform>/libgracefulsignals.so, where the loader
# (dev.gracefulsignals.signal.NativePlatform) looks for it on the class path. Called by the core
# module's build (exec-maven-plugin, compile phase).
#
#   build.sh <classes>                  the host library, linux-x86-64, with the host gcc (or $CC)
#   build.sh <classes> <platform>...    the named platforms, each with Debian's cross toolchain:
#     linux-x86-64        gcc (or $CC)
#     linux-aarch64       aarch64-linux-gnu-gcc   (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
#     linux-x86-64-musl   musl-gcc                (apt-get install musl-tools)
set -euo pipefail
classes="${1:?usage: build.sh <output classes directory> [platform...]}"
shift
platforms=()
for argument in "$@"; do
  for platform in $argument; do platforms+=("$platform"); done # Maven passes the list as one argument
done
((${#platforms[@]})) || platforms=(linux-x86-64)
src="$(cd "$(dirname "$0")" && pwd)/gracefulsignals.c"

for platform in "${platforms[@]}"; do
  case "$platform" in
    linux-x86-64) cc="${CC:-gcc}"; flags=(); packages="gcc (Fedora: dnf install gcc) or point CC at a C11 compiler" ;;
    # -mno-outline-atomics: the atomics become inline instructions, not libgcc helpers that pick LSE
    # through a load-time getauxval; the handler then runs only code visible in this file.
    linux-aarch64) cc=aarch64-linux-gnu-gcc; flags=(-mno-outline-atomics); packages="gcc-aarch64-linux-gnu libc6-dev-arm64-cross" ;;
    linux-x86-64-musl) cc=musl-gcc; flags=(); packages="musl-tools" ;;
    *) echo "[graceful-signals] ERROR: unknown platform '$platform' (linux-x86-64, linux-aarch64, linux-x86-64-musl)" >&2; exit 2 ;;
  esac
  if ! command -v "$cc" >/dev/null 2>&1; then
    cat >&2 <<MSG
[graceful-signals] ERROR: the C compiler '$cc' was not found, so the native signal handler for
$platform cannot be built and the core jar would ship without it. Install it (Debian/Ubuntu:
apt-get install -y $packages), then build again.
MSG
    exit 1
  fi
  out="$classes/$platform"
  mkdir -p "$out"
  # -fno-stack-protector: a canary failure would call __stack_chk_fail (abort with a message) from
  # signal context; the handler has no arrays to overflow, so the protector buys nothing there.
  "$cc" -std=c11 -O2 -fPIC -shared -fno-stack-protector -Wall -Wextra -Werror "${flags[@]}" \
    -o "$out/libgracefulsignals.so" "$src"
done
