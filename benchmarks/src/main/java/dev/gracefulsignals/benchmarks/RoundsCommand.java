package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import org.HdrHistogram.Histogram;

/**
 * {@code rounds}: kill-to-listener latency of the C reference receivers and the JVM paths side by side, in
 * interleaved rounds (each round starts every subject afresh, in a rotated order), so drift in the machine's
 * load hits all alike. Subjects: {@code c-one} (self-pipe, one wake-up), {@code c-two} (two wake-ups, the
 * JVM's floor), {@code native-core}, {@code native-spring}, {@code jvm-core} ({@code sun.misc.Signal}).
 * Prints a line per round and subject, the pooled percentiles, and the ratios the targets are stated in.
 */
final class RoundsCommand implements Command {

    private static final List<String> SUBJECTS = List.of("c-one", "c-two", "native-core", "native-spring", "jvm-core");

    @Override
    public String name() {
        return "rounds";
    }

    @Override
    public String usage() {
        return "[--rounds 5] [-n 1000] [--warmup 300] [--signal USR1]";
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        int rounds = Math.max(1, options.positiveInt("--rounds", 5));
        int n = Math.max(1, options.positiveInt("-n", 1000));
        int warmup = options.positiveInt("--warmup", 300);
        Signal signal = Signal.of(options.string("--signal", "USR1"));
        options.rejectUnknown(usage());

        Map<String, Histogram> pooled = new LinkedHashMap<>();
        SUBJECTS.forEach(subject -> pooled.put(subject, new Histogram(3)));
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(SUBJECTS);
            java.util.Collections.rotate(order, -round);
            for (String subject : order) {
                Histogram histogram;
                try (ReceiverProcess receiver = start(subject, signal)) {
                    histogram = LatencyCommand.measure(receiver, signal, warmup, n, false).total();
                }
                pooled.get(subject).add(histogram);
                out.println("round " + (round + 1) + " subject=" + subject + " p50_us=" + LatencyCommand.micros(histogram.getValueAtPercentile(50))
                        + " p99_us=" + LatencyCommand.micros(histogram.getValueAtPercentile(99)));
            }
        }
        pooled.forEach((subject, histogram) -> out.println("pooled subject=" + subject + " n=" + histogram.getTotalCount()
                + " p50_us=" + LatencyCommand.micros(histogram.getValueAtPercentile(50))
                + " p90_us=" + LatencyCommand.micros(histogram.getValueAtPercentile(90))
                + " p99_us=" + LatencyCommand.micros(histogram.getValueAtPercentile(99))
                + " max_us=" + LatencyCommand.micros(histogram.getMaxValue())));
        ratio(out, pooled, "native-spring", "c-one");
        ratio(out, pooled, "native-spring", "c-two");
        ratio(out, pooled, "native-core", "c-one");
        ratio(out, pooled, "native-core", "c-two");
        ratio(out, pooled, "jvm-core", "native-spring");
        ratio(out, pooled, "native-spring", "native-core");
        return 0;
    }

    private static ReceiverProcess start(String subject, Signal signal) throws Exception {
        return switch (subject) {
            case "c-one" -> ReferenceReceiver.start("one", signal);
            case "c-two" -> ReferenceReceiver.start("two", signal);
            case "native-core" -> ReceiverProcess.start(Backend.NATIVE, ReceiverApi.named("core"), signal);
            case "native-spring" -> ReceiverProcess.start(Backend.NATIVE, ReceiverApi.named("spring"), signal);
            case "jvm-core" -> ReceiverProcess.start(Backend.JVM, ReceiverApi.named("core"), signal);
            default -> throw new IllegalArgumentException(subject);
        };
    }

    private static void ratio(PrintStream out, Map<String, Histogram> pooled, String slower, String faster) {
        Histogram slow = pooled.get(slower);
        Histogram fast = pooled.get(faster);
        out.println("ratio " + slower + "_over_" + faster
                + " p50=" + String.format(Locale.ROOT, "%.2f", (double) slow.getValueAtPercentile(50) / fast.getValueAtPercentile(50))
                + " p99=" + String.format(Locale.ROOT, "%.2f", (double) slow.getValueAtPercentile(99) / fast.getValueAtPercentile(99)));
    }
}
