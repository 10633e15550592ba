# Startup perf counters: N rounds of boot-app plain / starter native / starter jvm; after ready, reads the child JVM's
# hsperfdata counters with `jstat -snap <pid>` (reads /tmp/hsperfdata_*, no attach, no signal), then SIGTERM to that
# child by pid. Prints medians in ms of class-loading counters and ready time.
# Usage (repo root): python3 benchmarks/scripts/startup-perfcounters.py 5
import os,subprocess,signal,sys,time,statistics,collections
J=os.environ.get('J', 'benchmarks/target/graceful-signals-benchmarks.jar')
keys=['sun.cls.time','sun.cls.classInitTime.self','sun.cls.classVerifyTime.self','sun.cls.classLinkedTime.self','sun.cls.parseClassTime.self','sun.cls.defineAppClassTime.self','sun.cls.appClassLoadTime','sun.cls.sharedClassLoadTime','sun.urlClassLoader.readClassBytesTime','sun.ci.totalTime','sun.rt.safepointTime','sun.gc.collector.0.time','sun.rt.applicationTime','sun.cls.sysClassLoadTime','sun.cls.lookupSysClassTime']
res=collections.defaultdict(lambda: collections.defaultdict(list))
variants=[('plain',['--starter','off']),('native',['--starter','on','--backend','native']),('jvm',['--starter','on','--backend','jvm'])]
for r in range(int(sys.argv[1])):
    for name,args in variants:
        t0=time.monotonic_ns()
        p=subprocess.Popen(['java','-Xmx128m','-Dorg.slf4j.simpleLogger.defaultLogLevel=warn','-jar',J,'boot-app',*args],stdout=subprocess.PIPE,text=True)
        for line in p.stdout:
            if line.startswith('ready'): ready=(int(line.split()[1])-t0)/1e6; break
        snap=subprocess.run(['jstat','-J-Djstat.showUnsupported=true','-snap',str(p.pid)],capture_output=True,text=True).stdout
        os.kill(p.pid,signal.SIGTERM); p.wait()
        d=dict(l.split('=',1) for l in snap.splitlines() if '=' in l)
        f=int(d['sun.os.hrt.frequency'])
        res[name]['ready_ms'].append(ready)
        res[name]['loadedClasses'].append(int(d['java.cls.loadedClasses']))
        for k in keys:
            if k in d: res[name][k].append(int(d[k])*1000/f)
for name,_ in variants:
    print(name, ' '.join(f'{k.replace("sun.","")}={statistics.median(v):.0f}' for k,v in res[name].items()))
