package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code throughput}: requests per second and latency of {@link WebApp}'s {@code GET /hello} under {@code wrk} on
 * 127.0.0.1, with the starter against without it (its jars absent, see {@link WebClassPath}), on Tomcat and on Reactor
 * Netty. Rounds interleave: each round starts every variant of a stack afresh in a rotated order, warms it with an
 * unrecorded wrk run, then records one. Prints a line per round, the medians per stack and variant, and per stack the
 * ratio of each variant to plain:
 * <pre>
 * throughput stack=tomcat variant=plain n=3 rps_median=… p50_us_median=… p99_us_median=… rps_min=… rps_max=…
 * ratio throughput stack=tomcat starter_over_plain rps=… p50=… p99=…
 * </pre>
 * With {@code --baseline-autoconfigure <jar>} a third variant, {@code baseline}, runs the starter with that autoconfigure
 * jar (an earlier build) in the same rounds: a change's before and after, side by side.
 */
final class ThroughputCommand implements Command {

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public String usage() {
        return "[--stacks tomcat,netty] [--rounds 3] [--duration 10] [--warmup 5] [--connections 16] [--threads 1]"
                + " [--baseline-autoconfigure old-autoconfigure.jar]";
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        List<String> stacks = WebVariants.stacks(options.string("--stacks", "tomcat,netty"));
        int rounds = Math.max(1, options.positiveInt("--rounds", 3));
        Duration duration = Duration.ofSeconds(Math.max(1, options.positiveInt("--duration", 10)));
        int warmup = options.positiveInt("--warmup", 5);
        int connections = Math.max(1, options.positiveInt("--connections", 16));
        int threads = Math.max(1, options.positiveInt("--threads", 1));
        String baselineText = options.string("--baseline-autoconfigure", null);
        Path baseline = baselineText == null ? null : Path.of(baselineText);
        options.rejectUnknown(usage());
        List<String> variants = WebVariants.variants(baseline);
        out.println("load wrk -t" + threads + " -c" + connections + " -d" + duration.toSeconds() + "s on 127.0.0.1, warm-up " + warmup + " s");

        Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String stack : stacks) {
                List<String> order = new ArrayList<>(variants);
                Collections.rotate(order, -round);
                for (String variant : order) {
                    Wrk.Result result;
                    try (WebVariants.App app = WebVariants.start(stack, variant, baseline)) {
                        if (warmup > 0) {
                            warmUp(app, threads, connections, Duration.ofSeconds(warmup), out, round, stack, variant);
                        }
                        result = measure(app, threads, connections, duration, out, round, stack, variant);
                    }
                    results.computeIfAbsent(WebVariants.key(stack, variant), key -> new ArrayList<>()).add(result);
                    out.println("round " + (round + 1) + " " + WebVariants.key(stack, variant) + " rps=" + WebVariants.format(result.requestsPerSecond())
                            + " p50_us=" + WebVariants.format(result.p50Micros()) + " p99_us=" + WebVariants.format(result.p99Micros()));
                }
            }
        }
        for (String stack : stacks) {
            for (String variant : variants) {
                List<Wrk.Result> list = results.get(WebVariants.key(stack, variant));
                List<Double> rps = list.stream().map(Wrk.Result::requestsPerSecond).sorted().toList();
                out.println("throughput " + WebVariants.key(stack, variant) + " n=" + list.size()
                        + " rps_median=" + WebVariants.format(WebVariants.median(rps))
                        + " p50_us_median=" + WebVariants.format(WebVariants.median(list.stream().map(Wrk.Result::p50Micros).toList()))
                        + " p99_us_median=" + WebVariants.format(WebVariants.median(list.stream().map(Wrk.Result::p99Micros).toList()))
                        + " rps_min=" + WebVariants.format(rps.get(0)) + " rps_max=" + WebVariants.format(rps.get(rps.size() - 1)));
            }
            List<Wrk.Result> plain = results.get(WebVariants.key(stack, "plain"));
            for (String variant : variants.subList(1, variants.size())) {
                List<Wrk.Result> other = results.get(WebVariants.key(stack, variant));
                out.println("ratio throughput stack=" + stack + " " + variant + "_over_plain"
                        + " rps=" + ratio(other, plain, Wrk.Result::requestsPerSecond)
                        + " p50=" + ratio(other, plain, Wrk.Result::p50Micros)
                        + " p99=" + ratio(other, plain, Wrk.Result::p99Micros));
            }
        }
        return 0;
    }

    /** The discarded warm-up: errors in it (a cold JVM timing out requests on a loaded machine) are printed, never fatal. */
    private static void warmUp(WebVariants.App app, int threads, int connections, Duration duration, PrintStream out, int round,
                               String stack, String variant) throws Exception {
        try {
            Wrk.run(app.port(), "/hello", threads, connections, duration);
        } catch (IllegalStateException refused) {
            out.println("warm-up round " + (round + 1) + " " + WebVariants.key(stack, variant) + " saw errors (discarded anyway): "
                    + refused.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Runs wrk; a run wrk saw errors in (timeouts on an overloaded machine) is printed as refused and run again, twice at most. */
    private static Wrk.Result measure(WebVariants.App app, int threads, int connections, Duration duration, PrintStream out, int round,
                                      String stack, String variant) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return Wrk.run(app.port(), "/hello", threads, connections, duration);
            } catch (IllegalStateException refused) {
                String reason = refused.getMessage().lines().findFirst().orElse("");
                out.println("refused round " + (round + 1) + " " + WebVariants.key(stack, variant) + " attempt=" + attempt + " reason=" + reason);
                if (attempt == 3) {
                    throw refused;
                }
            }
        }
    }

    private static String ratio(List<Wrk.Result> other, List<Wrk.Result> plain, java.util.function.ToDoubleFunction<Wrk.Result> figure) {
        double a = WebVariants.median(other.stream().map(figure::applyAsDouble).toList());
        double b = WebVariants.median(plain.stream().map(figure::applyAsDouble).toList());
        return String.format(Locale.ROOT, "%.3f", a / b);
    }
}
