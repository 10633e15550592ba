#!/bin/sh
# The figures of docs/benchmarks.md's "Measured" section, in one go: the machine and its load before each
# step, latency of the C references and the JVM paths in interleaved rounds, then startup and shutdown
# (plain and starter alternating, with the main thread's CPU to ready), then the storm.
#   benchmarks/scripts/side-by-side.sh [rounds] [starts]  > run.log
set -eu
J=${J:-benchmarks/target/graceful-signals-benchmarks.jar}
ROUNDS=${1:-5}
STARTS=${2:-20}
load() { echo "# $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) procs_running $(grep procs_running /proc/stat | cut -d' ' -f2)"; }
echo "# nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(uname -r); $(java -version 2>&1 | head -1)"
load; java -jar "$J" rounds --rounds "$ROUNDS" -n 1000 --warmup 300
load; java -jar "$J" startup -n "$STARTS" --warmup 1
load; java -jar "$J" shutdown -n "$STARTS" --warmup 1
load; java -jar "$J" storm
load
