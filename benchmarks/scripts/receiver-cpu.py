# CPU per signal: a native receiver (core or spring) driven one USR1 at a time by pid (200 warm-up + N),
# then utime+stime per thread name from /proc/<pid>/task/*/stat (names truncated to 15 chars by the kernel).
# Usage (repo root): python3 benchmarks/scripts/receiver-cpu.py spring 5000 [extra JVM flags, e.g. -XX:StartFlightRecording=filename=r.jfr,settings=profile]
import os, subprocess, sys, time, signal, statistics, glob
J=os.environ.get('J', 'benchmarks/target/graceful-signals-benchmarks.jar')
api=sys.argv[1]; n=int(sys.argv[2]); extra=sys.argv[3:]
p=subprocess.Popen(['java','-Xmx128m','-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',*extra,'-jar',J,'receiver','--backend','native','--api',api,'--signal','USR1'],stdout=subprocess.PIPE,text=True,bufsize=1)
for line in p.stdout:
    if line.strip()=='ready': break
def cpu():
    d={}
    for t in glob.glob(f'/proc/{p.pid}/task/*'):
        try:
            name=open(t+'/comm').read().strip(); f=open(t+'/stat').read().rsplit(')',1)[1].split()
            d[name]=d.get(name,0)+int(f[11])+int(f[12])
        except OSError: pass
    return d
lat=[]
for i in range(200+n):
    if i==200: c0=cpu()
    t=time.monotonic_ns(); os.kill(p.pid, signal.SIGUSR1); l=p.stdout.readline()
    if i>=200: lat.append((int(l.split()[0])-t)/1000)
c1=cpu()
lat.sort()
print(f'api={api} n={n} p50_us=%.1f p90_us=%.1f p99_us=%.1f'%(lat[len(lat)//2],lat[int(len(lat)*.9)],lat[int(len(lat)*.99)]))
tick=os.sysconf('SC_CLK_TCK')
for k in sorted(c1, key=lambda k:-(c1[k]-c0.get(k,0))):
    dv=c1[k]-c0.get(k,0)
    if dv: print(f'  thread {k}: cpu_ms={dv*1000/tick:.0f} per_signal_us={dv*1e6/tick/n:.1f}')
p.terminate(); p.wait()
