package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import org.HdrHistogram.Histogram;

/**
 * {@code latency}: one-way latency from {@code kill(2)} in this process to the user's listener in
 * a receiver child, per backend and API. Signals go one at a time, the next only after the
 * receiver printed the previous one's time, so none coalesce; both ends read CLOCK_MONOTONIC.
 *
 * <p>Prints per configuration {@code latency backend=native api=core n=… p50_us=… p90_us=… p99_us=… max_us=…},
 * then one {@code ratio} line per API comparing the jvm backend with the native one, and one per backend
 * comparing the spring API (an {@code @OnSignal} method) with the core one. With {@code --stages}
 * the receivers also report when the backend caught each signal, and a {@code stages} line per
 * configuration splits the latency into kill-to-capture and capture-to-listener.
 */
final class LatencyCommand implements Command {

    static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public Set<String> flags() {
        return Set.of("--stages");
    }

    @Override
    public String usage() {
        return "[-n 2000] [--warmup 200] [--signal USR1] [--backends native,jvm] [--apis core,spring] [--plot latency.png] [--stages]";
    }

    /** Kill to listener, and (with --stages) its two parts: kill to capture, capture to listener. */
    record Latencies(Histogram total, Histogram capture, Histogram dispatch) {
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        int n = options.positiveInt("-n", 2000);
        int warmup = options.positiveInt("--warmup", 200);
        Signal signal = Signal.of(options.string("--signal", "USR1"));
        String backends = options.string("--backends", "native,jvm");
        String apis = options.string("--apis", "core,spring");
        String plot = options.string("--plot", null);
        boolean stages = options.flag("--stages");
        options.rejectUnknown(usage());

        Map<Configuration, Histogram> results = new LinkedHashMap<>();
        for (Configuration configuration : Configuration.all(backends, apis)) {
            Latencies latencies = measure(configuration, signal, warmup, n, stages);
            Histogram histogram = latencies.total();
            results.put(configuration, histogram);
            out.println("latency " + configuration.keys() + " n=" + histogram.getTotalCount()
                    + " p50_us=" + micros(histogram.getValueAtPercentile(50))
                    + " p90_us=" + micros(histogram.getValueAtPercentile(90))
                    + " p99_us=" + micros(histogram.getValueAtPercentile(99))
                    + " max_us=" + micros(histogram.getMaxValue()));
            if (stages) {
                out.println("stages " + configuration.keys()
                        + " capture_p50_us=" + micros(latencies.capture().getValueAtPercentile(50))
                        + " capture_p99_us=" + micros(latencies.capture().getValueAtPercentile(99))
                        + " dispatch_p50_us=" + micros(latencies.dispatch().getValueAtPercentile(50))
                        + " dispatch_p99_us=" + micros(latencies.dispatch().getValueAtPercentile(99)));
            }
        }
        printRatios(results, out);
        if (plot != null) {
            LatencyPlot.write(Path.of(plot), "Signal latency, kill(2) to listener (" + signal + ", n=" + n + " each)", results);
        }
        return 0;
    }

    /** Runs one receiver: warm-up signals (not recorded), then n recorded ones. */
    static Latencies measure(Configuration configuration, Signal signal, int warmup, int n, boolean stages) throws Exception {
        String[] receiverArgs = stages ? new String[] {"--stages"} : new String[0];
        try (ReceiverProcess receiver = ReceiverProcess.start(configuration.backend(), configuration.api(), signal, receiverArgs)) {
            return measure(receiver, signal, warmup, n, stages);
        }
    }

    /** Sends warm-up signals (not recorded), then n recorded ones, to a started receiver, back to back. */
    static Latencies measure(ReceiverProcess receiver, Signal signal, int warmup, int n, boolean stages) throws Exception {
        return measure(receiver, signal, warmup, n, stages, 0, SIGNAL_TIMEOUT);
    }

    /**
     * Sends warm-up signals (not recorded), then n recorded ones, to a started receiver: each one {@code gapNanos} after the
     * receiver answered the one before (0: at once, back to back). Checks every answer, and fails rather than record a figure
     * it cannot vouch for: a signal with no answer within {@code timeout} was missed; a line no signal asked for (a
     * signal answered twice) or a time outside [just before {@code kill}, the line's arrival here] is a receiver whose
     * report or clock lies. Both ends read CLOCK_MONOTONIC, so an honest time always falls in that window.
     */
    static Latencies measure(ReceiverProcess receiver, Signal signal, int warmup, int n, boolean stages, long gapNanos, Duration timeout)
            throws Exception {
        Latencies latencies = new Latencies(new Histogram(3), new Histogram(3), new Histogram(3));
        long previousHeard = Long.MIN_VALUE;
        for (int i = 0; i < warmup + n; i++) {
            if (gapNanos > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(gapNanos);
            }
            if (receiver.unreadLines() > 0) {
                throw new IllegalStateException("The " + receiver + " printed a line no signal asked for before signal " + (i + 1)
                        + ": it answers a signal more than once, so its lines cannot be matched to signals");
            }
            long sent = System.nanoTime();
            receiver.kill(signal);
            ReceiverProcess.Line line;
            try {
                line = receiver.nextTimedLine(timeout);
            } catch (IllegalStateException silent) {
                throw new IllegalStateException("The " + receiver + " missed signal " + (i + 1) + " of " + (warmup + n) + ": " + silent.getMessage(),
                        silent);
            }
            String[] fields = line.text().strip().split(" ");
            long heard = parseNanos(fields[0], line.text());
            if (heard <= previousHeard) {
                throw new IllegalStateException("The " + receiver + " printed a line no signal asked for at signal " + (i + 1)
                        + " (a time no later than the previous answer's): it answers a signal more than once");
            }
            previousHeard = heard;
            if (heard < sent || heard > line.arrivedNanos()) {
                throw new IllegalStateException("The " + receiver + " reported signal " + (i + 1) + " heard at " + heard
                        + ", outside the window it can be true in: sent at " + sent + ", its line read here at " + line.arrivedNanos()
                        + " (both CLOCK_MONOTONIC): its report or its clock lies");
            }
            if (i < warmup) {
                continue;
            }
            latencies.total().recordValue(heard - sent);
            if (stages) {
                long captured = parseNanos(fields.length > 1 ? fields[1] : "", line.text());
                if (captured < sent || captured > heard) {
                    throw new IllegalStateException("The " + receiver + " reported signal " + (i + 1) + " captured at " + captured
                            + ", outside [sent " + sent + ", heard " + heard + "]: its report or its clock lies");
                }
                latencies.capture().recordValue(captured - sent);
                latencies.dispatch().recordValue(heard - captured);
            }
        }
        return latencies;
    }

    private static long parseNanos(String field, String line) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException notTheProtocol) {
            throw new IllegalStateException("The receiver printed '" + line + "' where System.nanoTime() values were expected");
        }
    }

    private static void printRatios(Map<Configuration, Histogram> results, PrintStream out) {
        for (ReceiverApi api : ReceiverApi.available()) {
            printRatio(results, new Configuration(Backend.JVM, api), new Configuration(Backend.NATIVE, api),
                    "ratio api=" + api.name() + " jvm_over_native", out);
        }
        for (Backend backend : List.of(Backend.NATIVE, Backend.JVM)) {
            printRatio(results, new Configuration(backend, ReceiverApi.named("spring")), new Configuration(backend, ReceiverApi.named("core")),
                    "ratio backend=" + backend.name().toLowerCase() + " spring_over_core", out);
        }
    }

    private static void printRatio(Map<Configuration, Histogram> results, Configuration slower, Configuration faster, String prefix, PrintStream out) {
        Histogram slow = find(results, slower);
        Histogram fast = find(results, faster);
        if (slow != null && fast != null && fast.getTotalCount() > 0) {
            out.println(prefix
                    + " p50=" + ratio(slow.getValueAtPercentile(50), fast.getValueAtPercentile(50))
                    + " p90=" + ratio(slow.getValueAtPercentile(90), fast.getValueAtPercentile(90))
                    + " p99=" + ratio(slow.getValueAtPercentile(99), fast.getValueAtPercentile(99)));
        }
    }

    /** ReceiverApi instances have no equality of their own: match by backend and API name. */
    private static Histogram find(Map<Configuration, Histogram> results, Configuration wanted) {
        for (Map.Entry<Configuration, Histogram> result : results.entrySet()) {
            if (result.getKey().backend() == wanted.backend() && result.getKey().api().name().equals(wanted.api().name())) {
                return result.getValue();
            }
        }
        return null;
    }

    static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    private static String ratio(long slower, long faster) {
        return String.format(Locale.ROOT, "%.2f", faster == 0 ? Double.NaN : (double) slower / faster);
    }
}
