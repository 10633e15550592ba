package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import org.HdrHistogram.Histogram;

/**
 * {@code rounds}: kill-to-listener latency of the C reference receivers and the JVM paths side by side, in
 * interleaved rounds (each round starts every subject afresh, in a rotated order), so drift in the machine's
 * load hits all alike. Subjects: {@code c-one} (self-pipe, one wake-up), {@code c-two} (two wake-ups, the
 * JVM's floor), {@code native-core}, {@code native-spring}, {@code jvm-core} ({@code sun.misc.Signal}).
 *
 * <p>Two regimes, each labelled on every line: {@code back-to-back} sends the next signal the moment the last
 * one is heard, so every thread stays hot; {@code sporadic} waits {@code --gap-us} (default 5 ms) after each
 * answer, long enough that every thread of the receiver parks and its CPU goes idle, as between signals in
 * production. The sender is always this process, never the JVM under test. Each subject runs both regimes in
 * one start, in an order that alternates by round.
 *
 * <p>Beside the latency it reads each receiver thread's CPU time and context switches (/proc/PID/task/*: schedstat,
 * status) around the recorded signals and prints them per signal: a voluntary switch per signal is one wake-up
 * per signal on that thread, so the lines show where a path's wake-ups go. Prints a line per round, subject and
 * regime, the pooled percentiles, the per-thread lines and the ratios the goals are stated in.
 */
final class RoundsCommand implements Command {

    private static final List<String> SUBJECTS = List.of("c-one", "c-two", "native-core", "native-spring", "jvm-core");
    static final List<String> REGIMES = List.of("back-to-back", "sporadic");
    /** Below this many voluntary switches per signal a thread is background (JIT, GC, timers), not the signal's path. */
    private static final double PATH_THRESHOLD = 0.05;

    @Override
    public String name() {
        return "rounds";
    }

    @Override
    public String usage() {
        return "[--rounds 5] [-n 1000] [--warmup 300] [--signal USR1] [--regimes back-to-back,sporadic] [--gap-us 5000]"
                + " [--subjects c-one,c-two,native-core,native-spring,jvm-core] [--timeout-ms 10000]";
    }

    /** Pooled over rounds: latencies, and per thread name the summed counter deltas and the signals they cover. */
    private static final class Pool {
        final Histogram histogram = new Histogram(3);
        final Histogram capture = new Histogram(3);
        final Histogram dispatch = new Histogram(3);
        final Map<String, ProcStats.ThreadCounters> threads = new TreeMap<>();
        long signals;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        int rounds = Math.max(1, options.positiveInt("--rounds", 5));
        int n = Math.max(1, options.positiveInt("-n", 1000));
        int warmup = options.positiveInt("--warmup", 300);
        Signal signal = Signal.of(options.string("--signal", "USR1"));
        List<String> regimes = list(options.string("--regimes", String.join(",", REGIMES)), REGIMES, "--regimes");
        long gapNanos = options.positiveInt("--gap-us", 5000) * 1000L;
        List<String> subjects = list(options.string("--subjects", String.join(",", SUBJECTS)), SUBJECTS, "--subjects");
        Duration timeout = Duration.ofMillis(Math.max(1, options.positiveInt("--timeout-ms", 10_000)));
        options.rejectUnknown(usage());

        out.println("regimes " + String.join(",", regimes) + " gap_us=" + gapNanos / 1000 + " n=" + n + " warmup=" + warmup
                + " sender=harness pid " + ProcessHandle.current().pid());
        Map<String, Pool> pooled = new LinkedHashMap<>();
        for (String regime : regimes) {
            subjects.forEach(subject -> pooled.put(key(regime, subject), new Pool()));
        }
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(subjects);
            Collections.rotate(order, -round);
            List<String> regimeOrder = new ArrayList<>(regimes);
            Collections.rotate(regimeOrder, -round);
            for (String subject : order) {
                try (ReceiverProcess receiver = start(subject, signal)) {
                    for (String regime : regimeOrder) {
                        long gap = regime.equals("sporadic") ? gapNanos : 0;
                        // Warm-up first, unrecorded and uncounted; then the counters around exactly the recorded signals.
                        LatencyCommand.measure(receiver, signal, warmup, 0, true, gap, timeout);
                        Map<Long, ProcStats.ThreadCounters> before = ProcStats.threads(receiver.pid());
                        LatencyCommand.Latencies latencies = LatencyCommand.measure(receiver, signal, 0, n, true, gap, timeout);
                        Map<Long, ProcStats.ThreadCounters> after = ProcStats.threads(receiver.pid());
                        Histogram histogram = latencies.total();
                        Pool pool = pooled.get(key(regime, subject));
                        pool.histogram.add(histogram);
                        pool.capture.add(latencies.capture());
                        pool.dispatch.add(latencies.dispatch());
                        pool.signals += n;
                        // The kernel keeps 15 characters of a name (graceful-signals-1, -2 and -events all read
                        // "graceful-signal"): threads of one name are told apart by their order of creation, #1 first.
                        Map<String, Integer> seen = new TreeMap<>();
                        after.forEach((tid, counters) -> {
                            ProcStats.ThreadCounters delta = before.containsKey(tid) ? counters.minus(before.get(tid)) : counters;
                            String name = counters.name() + "#" + seen.merge(counters.name(), 1, Integer::sum);
                            pool.threads.merge(name, delta, (a, b) -> new ProcStats.ThreadCounters(a.name(),
                                    a.cpuNanos() + b.cpuNanos(), a.voluntary() + b.voluntary(), a.involuntary() + b.involuntary()));
                        });
                        out.println("round " + (round + 1) + " regime=" + regime + " subject=" + subject
                                + " p50_us=" + LatencyCommand.micros(histogram.getValueAtPercentile(50))
                                + " p99_us=" + LatencyCommand.micros(histogram.getValueAtPercentile(99)));
                    }
                }
            }
        }
        pooled.forEach((key, pool) -> {
            Histogram histogram = pool.histogram;
            out.println("pooled " + key + " n=" + histogram.getTotalCount()
                    + " p50_us=" + LatencyCommand.micros(histogram.getValueAtPercentile(50))
                    + " p90_us=" + LatencyCommand.micros(histogram.getValueAtPercentile(90))
                    + " p99_us=" + LatencyCommand.micros(histogram.getValueAtPercentile(99))
                    + " max_us=" + LatencyCommand.micros(histogram.getMaxValue()));
        });
        // Kill to the handler's clock read (the first wake-up: the thread the kernel interrupts), then handler to listener
        // (the reader's wake-up and everything up to the user's code).
        pooled.forEach((key, pool) -> out.println("stages " + key
                + " kill_to_handler_p50_us=" + LatencyCommand.micros(pool.capture.getValueAtPercentile(50))
                + " kill_to_handler_p99_us=" + LatencyCommand.micros(pool.capture.getValueAtPercentile(99))
                + " handler_to_listener_p50_us=" + LatencyCommand.micros(pool.dispatch.getValueAtPercentile(50))
                + " handler_to_listener_p99_us=" + LatencyCommand.micros(pool.dispatch.getValueAtPercentile(99))));
        pooled.forEach((key, pool) -> {
            double wakeUps = 0;
            double cpu = 0;
            for (Map.Entry<String, ProcStats.ThreadCounters> entry : pool.threads.entrySet()) {
                ProcStats.ThreadCounters thread = entry.getValue();
                double voluntary = (double) thread.voluntary() / pool.signals;
                wakeUps += voluntary;
                cpu += thread.cpuNanos() / 1000.0 / pool.signals;
                if (voluntary >= PATH_THRESHOLD) {
                    out.println("thread " + key + " thread=" + entry.getKey().replace(' ', '_')
                            + " vcsw_per_signal=" + format(voluntary)
                            + " ivcsw_per_signal=" + format((double) thread.involuntary() / pool.signals)
                            + " cpu_us_per_signal=" + String.format(Locale.ROOT, "%.1f", thread.cpuNanos() / 1000.0 / pool.signals));
                }
            }
            out.println("threads " + key + " vcsw_per_signal=" + format(wakeUps) + " cpu_us_per_signal=" + String.format(Locale.ROOT, "%.1f", cpu));
        });
        for (String regime : regimes) {
            ratio(out, pooled, regime, "native-spring", "c-two");
            ratio(out, pooled, regime, "native-core", "c-two");
            ratio(out, pooled, regime, "native-spring", "c-one");
            ratio(out, pooled, regime, "native-core", "c-one");
            ratio(out, pooled, regime, "jvm-core", "native-spring");
            ratio(out, pooled, regime, "native-spring", "native-core");
        }
        return 0;
    }

    private static String key(String regime, String subject) {
        return "regime=" + regime + " subject=" + subject;
    }

    private static List<String> list(String text, List<String> known, String option) {
        List<String> chosen = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!known.contains(item.trim())) {
                throw new IllegalArgumentException("Unknown " + option + " entry '" + item.trim() + "': use some of " + String.join(",", known));
            }
            chosen.add(item.trim());
        }
        return chosen;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static ReceiverProcess start(String subject, Signal signal) throws Exception {
        return switch (subject) {
            case "c-one" -> ReferenceReceiver.start("one", signal);
            case "c-two" -> ReferenceReceiver.start("two", signal);
            case "native-core" -> ReceiverProcess.start(Backend.NATIVE, ReceiverApi.named("core"), signal, "--stages");
            case "native-spring" -> ReceiverProcess.start(Backend.NATIVE, ReceiverApi.named("spring"), signal, "--stages");
            case "jvm-core" -> ReceiverProcess.start(Backend.JVM, ReceiverApi.named("core"), signal, "--stages");
            default -> throw new IllegalArgumentException(subject);
        };
    }

    private static void ratio(PrintStream out, Map<String, Pool> pooled, String regime, String slower, String faster) {
        Pool slow = pooled.get(key(regime, slower));
        Pool fast = pooled.get(key(regime, faster));
        if (slow == null || fast == null) {
            return;
        }
        out.println("ratio regime=" + regime + " " + slower + "_over_" + faster
                + " p50=" + format((double) slow.histogram.getValueAtPercentile(50) / fast.histogram.getValueAtPercentile(50))
                + " p99=" + format((double) slow.histogram.getValueAtPercentile(99) / fast.histogram.getValueAtPercentile(99)));
    }
}
