# Shutdown timeline: N alternating boot-app children (starter off/on), SIGTERM to each child by pid after
# ready + 300 ms, with -Xlog:class+load:timenanos (same clock as time.monotonic_ns). Splits kill-to-exit into
# kill -> first class loaded after TERM, first -> last class loaded (last = Boot shutdown hook), last class -> reaped.
# Usage (repo root): python3 benchmarks/scripts/shutdown-timeline.py 7
import os, subprocess, sys, time, signal, statistics
J=os.environ.get('J', 'benchmarks/target/graceful-signals-benchmarks.jar')
def one(starter, tag):
    log=f'/tmp/shutdown-timeline-{tag}.log'
    if os.path.exists(log): os.remove(log)
    p=subprocess.Popen(['java','-Xmx128m','-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',f'-Xlog:class+load:file={log}:timenanos','-jar',J,'boot-app','--starter',starter],stdout=subprocess.PIPE,text=True)
    for line in p.stdout:
        if line.startswith('ready'): break
    time.sleep(0.3)
    n=sum(1 for _ in open(log))
    t0=time.monotonic_ns(); os.kill(p.pid, signal.SIGTERM); code=p.wait(); t1=time.monotonic_ns()
    lines=open(log).read().splitlines()[n:]
    ts=[int(l.split(']')[0].strip('[').rstrip('ns')) for l in lines]
    return code,(ts[0]-t0)/1e6,(ts[-1]-ts[0])/1e6,(t1-ts[-1])/1e6,(t1-t0)/1e6,len(lines)
res={'off':[],'on':[]}
for i in range(int(sys.argv[1])):
    for s in ('off','on'):
        r=one(s,f'{s}{i}'); res[s].append(r)
        print(s, 'exit=%d to_first_class=%.1f first_to_last_class=%.1f last_class_to_reaped=%.1f total=%.1f classes=%d'%r, flush=True)
for s in res:
    print('median',s,' '.join('%.1f'%statistics.median(x[k] for x in res[s]) for k in (1,2,3,4)))
