#!/bin/sh
# The figures of docs/benchmarks.md, in one go: the machine and its load before each step, then
#   latency  the C references and the JVM paths in interleaved rounds, back to back and sporadic (GAP_US apart),
#            with per-thread wake-ups and CPU per signal
#   throughput and footprint of the minimal web app (Tomcat and Reactor Netty), starter against without its jars
#            (and against BASELINE, an earlier autoconfigure jar, when given)
#   startup and shutdown (plain and starter alternating, with the main thread's CPU to ready), then the storm.
#   benchmarks/scripts/side-by-side.sh [rounds] [starts] [web-rounds]  > run.log
# Environment: J (the harness jar), GAP_US (sporadic gap, default 5000), BASELINE (an autoconfigure jar to compare),
# DURATION and WARMUP (seconds of wrk per throughput run and before it, default 10 and 10).
set -eu
J=${J:-benchmarks/target/graceful-signals-benchmarks.jar}
ROUNDS=${1:-5}
STARTS=${2:-20}
WEB_ROUNDS=${3:-3}
GAP_US=${GAP_US:-5000}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
load() { echo "# $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) procs_running $(grep procs_running /proc/stat | cut -d' ' -f2)"; }
echo "# nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(uname -r); $(java -version 2>&1 | head -1); wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
echo "# uptime: $(uptime)"
load; java -jar "$J" rounds --rounds "$ROUNDS" -n 1000 --warmup 300 --gap-us "$GAP_US"
load; java -jar "$J" throughput --rounds "$WEB_ROUNDS" --duration "$DURATION" --warmup "$WARMUP" ${BASELINE:+--baseline-autoconfigure "$BASELINE"}
load; java -jar "$J" footprint --rounds "$WEB_ROUNDS"
load; java -jar "$J" startup -n "$STARTS" --warmup 1
load; java -jar "$J" shutdown -n "$STARTS" --warmup 1
load; java -jar "$J" storm
load
echo "# uptime: $(uptime)"
