package dev.gracefulsignals.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code throughput} and {@code footprint} share: the stacks, the variants and starting a {@link WebApp} child. */
final class WebVariants {

    static final List<String> STACKS = List.of("tomcat", "netty");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /** A started web app and its port. */
    record App(ReceiverProcess process, int port) implements AutoCloseable {

        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    private WebVariants() {
    }

    /** {@code plain}, {@code starter}, and {@code baseline} when a baseline autoconfigure jar is given. */
    static List<String> variants(Path baseline) {
        List<String> variants = new ArrayList<>(List.of("plain", "starter"));
        if (baseline != null) {
            variants.add("baseline");
        }
        return variants;
    }

    static List<String> stacks(String text) {
        List<String> stacks = new ArrayList<>();
        for (String stack : text.split(",")) {
            if (!STACKS.contains(stack.trim())) {
                throw new IllegalArgumentException("Unknown stack '" + stack.trim() + "': use tomcat, netty or both");
            }
            stacks.add(stack.trim());
        }
        return stacks;
    }

    /** Starts the app of a stack and variant on 127.0.0.1 and waits for {@code ready <port>}. */
    static App start(String stack, String variant, Path baseline) throws Exception {
        String type = stack.equals("tomcat") ? "servlet" : "reactive";
        ReceiverProcess process = ReceiverProcess.launchCommand(WebClassPath.command(variant, type, baseline),
                "web app stack=" + stack + " variant=" + variant);
        try {
            String ready = process.awaitLine(line -> line.startsWith(WebApp.READY + " "), READY_TIMEOUT);
            return new App(process, Integer.parseInt(ready.substring(WebApp.READY.length() + 1).strip()));
        } catch (RuntimeException | InterruptedException failure) {
            process.close();
            throw failure;
        }
    }

    static String key(String stack, String variant) {
        return "stack=" + stack + " variant=" + variant;
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static double median(List<Double> values) {
        return BootComparison.median(values.stream().sorted().toList());
    }
}
