package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import dev.gracefulsignals.signal.Signal;

/**
 * {@code storm}: n signals as fast as {@code kill(2)} goes to one receiver (in {@code --report}
 * mode, so it counts instead of printing), then one probe signal of another kind to see whether the
 * receiver still answers. Per configuration it prints:
 *
 * <pre>
 * storm backend=native api=core sent=… send_per_s=… events=… counts=… dispatcher_cpu_ms=… signal_thread_cpu_ms=…
 *       process_cpu_ms=… rss_before_kib=… rss_after_kib=… rss_growth_kib=… probe_us=… settle_ms=…
 * </pre>
 *
 * {@code events} is how many times the listener ran and {@code counts} the sum of the counts it was
 * given: standard signals coalesce in the kernel, so both may be below {@code sent}.
 * {@code dispatcher_cpu_ms} is the live "graceful-signals-*" threads (the kernel keeps 15 characters of a name,
 * which they share), {@code signal_thread_cpu_ms} HotSpot's
 * "Signal Dispatcher" (busy only with the jvm backend, which also starts a short-lived thread per
 * signal: those count in {@code process_cpu_ms} alone).
 */
final class StormCommand implements Command {

    private static final String DISPATCHER_THREAD = "graceful-signals";
    private static final String HOTSPOT_SIGNAL_THREAD = "Signal Dispatcher";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    /** Counts unchanged for this long mean the receiver has worked through the storm. */
    private static final long QUIET_MILLIS = 300;

    @Override
    public String name() {
        return "storm";
    }

    @Override
    public String usage() {
        return "[-n 100000] [--warmup 200] [--signal USR1] [--probe WINCH] [--backends native,jvm] [--apis core,spring]";
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        int n = options.positiveInt("-n", 100_000);
        int warmup = options.positiveInt("--warmup", 200);
        Signal signal = Signal.of(options.string("--signal", "USR1"));
        Signal probe = Signal.of(options.string("--probe", "WINCH"));
        String backends = options.string("--backends", "native,jvm");
        String apis = options.string("--apis", "core,spring");
        options.rejectUnknown(usage());
        for (Configuration configuration : Configuration.all(backends, apis)) {
            out.println("storm " + configuration.keys() + " " + storm(configuration, signal, probe, n, warmup));
        }
        return 0;
    }

    private static String storm(Configuration configuration, Signal signal, Signal probe, int n, int warmup) throws Exception {
        try (ReceiverProcess receiver = ReceiverProcess.start(configuration.backend(), configuration.api(), signal,
                "--report", "--probe", probe.name())) {
            long pid = receiver.pid();
            // Warm the delivery path (JIT, first allocations) with probes, one at a time, so "before" is a steady state.
            for (int i = 0; i < warmup; i++) {
                probeMicros(receiver, probe);
            }
            long rssBefore = ProcStats.rssKib(pid);
            Map<Long, Long> dispatcherBefore = ProcStats.threadCpu(pid, DISPATCHER_THREAD);
            Map<Long, Long> signalThreadBefore = ProcStats.threadCpu(pid, HOTSPOT_SIGNAL_THREAD);
            long processBefore = ProcStats.processCpuNanos(pid);

            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                receiver.kill(signal);
            }
            long sendNanos = System.nanoTime() - start;
            double probeMicros = probeMicros(receiver, probe);

            long settleStart = System.nanoTime();
            String report = settle(receiver);
            long settleMillis = (System.nanoTime() - settleStart) / 1_000_000 - QUIET_MILLIS;
            long rssAfter = ProcStats.rssKib(pid);
            return "sent=" + n
                    + " send_per_s=" + Math.round(n / (sendNanos / 1e9))
                    + " " + report.substring(ReceiverCommand.REPORT.length() + 1)
                    + " dispatcher_cpu_ms=" + millis(ProcStats.cpuSince(dispatcherBefore, ProcStats.threadCpu(pid, DISPATCHER_THREAD)))
                    + " signal_thread_cpu_ms=" + millis(ProcStats.cpuSince(signalThreadBefore, ProcStats.threadCpu(pid, HOTSPOT_SIGNAL_THREAD)))
                    + " process_cpu_ms=" + millis(ProcStats.processCpuNanos(pid) - processBefore)
                    + " rss_before_kib=" + rssBefore
                    + " rss_after_kib=" + rssAfter
                    + " rss_growth_kib=" + (rssAfter - rssBefore)
                    + " probe_us=" + String.format(Locale.ROOT, "%.1f", probeMicros)
                    + " settle_ms=" + Math.max(0, settleMillis);
        }
    }

    /** Sends one probe and returns the microseconds until the receiver's listener saw it. */
    private static double probeMicros(ReceiverProcess receiver, Signal probe) throws InterruptedException {
        long sent = System.nanoTime();
        receiver.kill(probe);
        String line = receiver.awaitLine(l -> l.startsWith(ReceiverCommand.PROBE + " "), PROBE_TIMEOUT);
        return (Long.parseLong(line.substring(ReceiverCommand.PROBE.length() + 1)) - sent) / 1000.0;
    }

    /** Asks for the receiver's totals until they stop changing; returns the last {@code report ...} line. */
    private static String settle(ReceiverProcess receiver) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        String last = null;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            receiver.send(ReceiverCommand.REPORT);
            String report = receiver.awaitLine(l -> l.startsWith(ReceiverCommand.REPORT + " "), Duration.ofSeconds(30));
            if (!report.equals(last)) {
                last = report;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= QUIET_MILLIS * 1_000_000) {
                return report;
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException("The receiver's counts still changed after " + SETTLE_TIMEOUT + ": " + last);
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
