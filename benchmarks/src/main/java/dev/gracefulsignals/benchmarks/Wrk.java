package dev.gracefulsignals.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code wrk}, run against 127.0.0.1 only, for a bounded time, and its report read back. A run that saw
 * socket errors or any response other than 2xx/3xx fails: its requests per second would measure errors.
 */
final class Wrk {

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern TROUBLE = Pattern.compile("(Socket errors:.*|Non-2xx or 3xx responses:.*)");

    /** What one run measured. */
    record Result(double requestsPerSecond, long requests, double p50Micros, double p99Micros) {
    }

    private Wrk() {
    }

    /** Loads {@code http://127.0.0.1:<port><path>} for {@code duration} with wrk's threads and connections. */
    static Result run(int port, String path, int threads, int connections, Duration duration) throws IOException, InterruptedException {
        List<String> command = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s", "--latency",
                "http://127.0.0.1:" + port + path);
        Process wrk;
        try {
            wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException missing) {
            throw new IllegalStateException("wrk is not installed: apt-get install wrk", missing);
        }
        byte[] output = wrk.getInputStream().readAllBytes();
        if (!wrk.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IllegalStateException("wrk did not end 30 s after its " + duration.toSeconds() + " s run");
        }
        String report = new String(output, StandardCharsets.UTF_8);
        if (wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk failed with code " + wrk.exitValue() + ": " + report);
        }
        return parse(report);
    }

    /** Reads a {@code wrk --latency} report; fails on errors in it or on a part missing. */
    static Result parse(String report) {
        Matcher trouble = TROUBLE.matcher(report);
        if (trouble.find()) {
            throw new IllegalStateException("wrk saw errors (" + trouble.group(1).strip() + "): the figures would measure them. Report:\n" + report);
        }
        Matcher rps = REQUESTS_PER_SECOND.matcher(report);
        Matcher requests = REQUESTS.matcher(report);
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(report);
        while (percentile.find()) {
            double micros = micros(Double.parseDouble(percentile.group(2)), percentile.group(3));
            if (percentile.group(1).equals("50")) {
                p50 = micros;
            } else {
                p99 = micros;
            }
        }
        if (!rps.find() || !requests.find() || Double.isNaN(p50) || Double.isNaN(p99)) {
            throw new IllegalStateException("Not a wrk --latency report (no Requests/sec, request count, 50% or 99% line):\n" + report);
        }
        long count = Long.parseLong(requests.group(1));
        if (count == 0) {
            throw new IllegalStateException("wrk completed no request:\n" + report);
        }
        return new Result(Double.parseDouble(rps.group(1)), count, p50, p99);
    }

    private static double micros(double value, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> value;
            case "ms" -> value * 1000;
            default -> value * 1_000_000;
        };
    }
}
