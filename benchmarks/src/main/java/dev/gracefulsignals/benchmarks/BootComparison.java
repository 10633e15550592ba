package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.gracefulsignals.signal.Backend;

/**
 * What {@code startup} and {@code shutdown} share: {@code boot-app} children without and with the starter,
 * started alternately (plain, starter, plain, …) so drift in the machine's load hits both alike, then the
 * median of each and their ratio. Prints
 * <pre>
 * &lt;command&gt; variant=plain backend=none n=… median_ms=… min_ms=… max_ms=… [exit_codes=…]
 * &lt;command&gt; variant=starter backend=native n=… median_ms=… min_ms=… max_ms=… [exit_codes=…]
 * ratio &lt;command&gt; starter_over_plain median=… overhead_pct=…
 * </pre>
 */
final class BootComparison {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    enum Variant {
        PLAIN, STARTER;

        String key(Backend backend) {
            return "variant=" + name().toLowerCase(Locale.ROOT) + " backend=" + (this == PLAIN ? "none" : backend.name().toLowerCase(Locale.ROOT));
        }
    }

    /** One run's figure in milliseconds, and the child's exit code where the measurement waits for it. */
    record Run(double millis, Integer exitCode, Double mainCpuMillis) {

        Run(double millis, Integer exitCode) {
            this(millis, exitCode, null);
        }
    }

    @FunctionalInterface
    interface Measurement {
        Run run(ReceiverProcess app, long readyNanos, long mainCpuNanos) throws Exception;
    }

    private BootComparison() {
    }

    /** Starts a {@code boot-app} child and waits for its ready line; returns it and that line's nanos. */
    static ReceiverProcess startApp(Variant variant, Backend backend) throws Exception {
        return ReceiverProcess.launch(List.of(new BootAppCommand().name(), "--starter", variant == Variant.STARTER ? "on" : "off",
                "--backend", backend.name().toLowerCase(Locale.ROOT)), "boot-app " + variant.key(backend));
    }

    /** The ready line's nanos and the main thread's CPU nanos up to ready. */
    static long[] awaitReady(ReceiverProcess app) throws InterruptedException {
        String line = app.awaitLine(l -> l.startsWith(BootAppCommand.READY + " "), READY_TIMEOUT);
        String[] fields = line.substring(BootAppCommand.READY.length() + 1).strip().split(" ");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    }

    /** The options {@code startup} and {@code shutdown} share. */
    static final String USAGE = "[-n 10] [--warmup 1] [--backend native|jvm]";

    /** Parses {@link #USAGE} and runs {@link #compare}. */
    static int compare(String command, Options options, Measurement measurement, PrintStream out) throws Exception {
        int n = Math.max(1, options.positiveInt("-n", 10));
        int warmup = options.positiveInt("--warmup", 1);
        Backend backend = ReceiverCommand.backend(options.string("--backend", "native"));
        options.rejectUnknown(USAGE);
        return compare(command, warmup, n, backend, measurement, out);
    }

    static int compare(String command, int warmup, int n, Backend backend, Measurement measurement, PrintStream out) throws Exception {
        Map<Variant, List<Run>> runs = new EnumMap<>(Variant.class);
        for (Variant variant : Variant.values()) {
            runs.put(variant, new ArrayList<>());
        }
        for (int i = 0; i < warmup + n; i++) {
            for (Variant variant : Variant.values()) {
                Run run;
                try (ReceiverProcess app = startApp(variant, backend)) {
                    long[] ready = awaitReady(app);
                    run = measurement.run(app, ready[0], ready[1]);
                }
                if (i >= warmup) {
                    runs.get(variant).add(run);
                }
            }
        }
        for (Variant variant : Variant.values()) {
            List<Run> list = runs.get(variant);
            List<Double> sorted = list.stream().map(Run::millis).sorted().toList();
            List<Integer> codes = list.stream().map(Run::exitCode).distinct().toList();
            out.println(command + " " + variant.key(backend) + " n=" + list.size()
                    + " median_ms=" + format(median(sorted)) + " min_ms=" + format(sorted.get(0)) + " max_ms=" + format(sorted.get(sorted.size() - 1))
                    + (codes.contains(null) ? "" : " exit_codes=" + String.join(",", codes.stream().map(String::valueOf).toList())));
        }
        double plain = median(runs.get(Variant.PLAIN).stream().map(Run::millis).sorted().toList());
        double starter = median(runs.get(Variant.STARTER).stream().map(Run::millis).sorted().toList());
        out.println("ratio " + command + " starter_over_plain median=" + String.format(Locale.ROOT, "%.3f", starter / plain)
                + " overhead_pct=" + String.format(Locale.ROOT, "%.1f", (starter / plain - 1) * 100));
        if (runs.get(Variant.PLAIN).get(0).mainCpuMillis() != null) {
            double plainCpu = median(runs.get(Variant.PLAIN).stream().map(Run::mainCpuMillis).sorted().toList());
            double starterCpu = median(runs.get(Variant.STARTER).stream().map(Run::mainCpuMillis).sorted().toList());
            out.println("ratio " + command + " main_thread_cpu starter_over_plain median=" + String.format(Locale.ROOT, "%.3f", starterCpu / plainCpu)
                    + " overhead_pct=" + String.format(Locale.ROOT, "%.1f", (starterCpu / plainCpu - 1) * 100)
                    + " plain_median_ms=" + format(plainCpu) + " starter_median_ms=" + format(starterCpu));
        }
        return 0;
    }

    static double median(List<Double> sorted) {
        int size = sorted.size();
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    }

    private static String format(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }
}
