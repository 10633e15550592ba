# A receiver for the harness's own tests, speaking the receiver protocol ("ready", then per signal
# "<heard nanos> <captured nanos>", CLOCK_MONOTONIC), honest or lying in one way the harness must catch:
#   honest | miss (answers every second signal only) | twice (answers each signal twice)
#   early (claims it heard the signal before it was sent) | late (claims a time after its line was read)
#   capture-late (claims the handler ran after the listener)
import signal
import sys
import time

mode = sys.argv[1]
seen = [0]


def handler(signo, frame):
    seen[0] += 1
    now = time.monotonic_ns()
    if mode == 'miss' and seen[0] % 2 == 0:
        return
    heard, captured = now, now
    if mode == 'early':
        heard = captured = now - 10**9
    elif mode == 'late':
        heard = captured = now + 10**9
    elif mode == 'capture-late':
        captured = now + 10**9
    print(heard, captured, flush=True)
    if mode == 'twice':
        print(heard, captured, flush=True)


signal.signal(signal.SIGUSR1, handler)
print('ready', flush=True)
while True:
    signal.pause()
