#!/usr/bin/env bash
# Compiles the signal handler into <classes>/linux-x86-64/libgracefulsignals.so, where JNA looks
# for it on the class path. Called by the core module's build (exec-maven-plugin, compile phase).
set -euo pipefail
classes="${1:?usage: build.sh <output classes directory>}"
cc="${CC:-gcc}"
if ! command -v "$cc" >/dev/null 2>&1; then
  cat >&2 <<MSG
[graceful-signals] ERROR: the C compiler '$cc' was not found, so the native signal handler cannot
be built and the core jar would ship without it. Install gcc (Debian/Ubuntu: apt-get install -y gcc;
Fedora: dnf install gcc) or point CC at a C11 compiler, then build again.
MSG
  exit 1
fi
src="$(cd "$(dirname "$0")" && pwd)/gracefulsignals.c"
out="$classes/linux-x86-64"
mkdir -p "$out"
# -fno-stack-protector: a canary failure would call __stack_chk_fail (abort with a message) from
# signal context; the handler has no arrays to overflow, so the protector buys nothing there.
"$cc" -std=c11 -O2 -fPIC -shared -fno-stack-protector -Wall -Wextra -Werror \
  -o "$out/libgracefulsignals.so" "$src"
