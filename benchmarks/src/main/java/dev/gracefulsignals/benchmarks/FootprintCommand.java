package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code footprint}: what an idle {@link WebApp} holds, with the starter against without it (its jars absent), on each
 * stack: resident memory (VmRSS after a full GC), heap in use after that GC, loaded classes, and threads (all of the
 * process's, as /proc counts them, and the JVM's live Java threads). Variants alternate in rotated order, each start
 * fresh, measured {@code --settle-ms} after ready. Prints a line per round, the medians, the median differences, and
 * the names of the threads only the starter's app has.
 */
final class FootprintCommand implements Command {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "footprint";
    }

    @Override
    public String usage() {
        return "[--stacks tomcat,netty] [--rounds 3] [--settle-ms 2000]";
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        List<String> stacks = WebVariants.stacks(options.string("--stacks", "tomcat,netty"));
        int rounds = Math.max(1, options.positiveInt("--rounds", 3));
        long settle = options.positiveInt("--settle-ms", 2000);
        options.rejectUnknown(usage());
        List<String> variants = List.of("plain", "starter");
        String[] figures = {"rss_kib", "heap_used_kib", "classes", "os_threads", "java_threads"};
        Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();
        Map<String, List<String>> threadNames = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String stack : stacks) {
                List<String> order = new ArrayList<>(variants);
                Collections.rotate(order, -round);
                for (String variant : order) {
                    String key = WebVariants.key(stack, variant);
                    try (WebVariants.App app = WebVariants.start(stack, variant, null)) {
                        Thread.sleep(settle);
                        app.process().send(WebApp.FOOTPRINT);
                        String answer = app.process().awaitLine(line -> line.startsWith(WebApp.FOOTPRINT + " "), ANSWER_TIMEOUT);
                        long pid = app.process().pid();
                        Map<String, Double> values = new LinkedHashMap<>();
                        values.put("rss_kib", (double) ProcStats.rssKib(pid));
                        for (String field : answer.substring(WebApp.FOOTPRINT.length() + 1).strip().split(" ")) {
                            String[] pair = field.split("=", 2);
                            if (pair[0].equals("names")) {
                                threadNames.put(key, new ArrayList<>(List.of(pair[1].split("\\|"))));
                            } else {
                                values.put(pair[0].equals("threads") ? "java_threads" : pair[0], Double.parseDouble(pair[1]));
                            }
                        }
                        values.put("os_threads", (double) ProcStats.threadCount(pid));
                        StringBuilder line = new StringBuilder("round " + (round + 1) + " " + key);
                        for (String figure : figures) {
                            results.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(figure, k -> new ArrayList<>()).add(values.get(figure));
                            line.append(' ').append(figure).append('=').append(Math.round(values.get(figure)));
                        }
                        out.println(line);
                    }
                }
            }
        }
        for (String stack : stacks) {
            for (String variant : variants) {
                StringBuilder line = new StringBuilder("footprint " + WebVariants.key(stack, variant) + " n=" + rounds);
                for (String figure : figures) {
                    line.append(' ').append(figure).append("_median=").append(Math.round(WebVariants.median(results.get(WebVariants.key(stack, variant)).get(figure))));
                }
                out.println(line);
            }
            StringBuilder diff = new StringBuilder("difference footprint stack=" + stack + " starter_minus_plain");
            for (String figure : figures) {
                double starter = WebVariants.median(results.get(WebVariants.key(stack, "starter")).get(figure));
                double plain = WebVariants.median(results.get(WebVariants.key(stack, "plain")).get(figure));
                diff.append(' ').append(figure).append('=').append(Math.round(starter - plain));
            }
            out.println(diff);
            // Java threads (full names) of the last round's apps: those the starter's app has beyond the plain one's.
            List<String> extra = new ArrayList<>(threadNames.get(WebVariants.key(stack, "starter")));
            threadNames.get(WebVariants.key(stack, "plain")).forEach(extra::remove);
            out.println("threads footprint stack=" + stack + " only_with_starter=" + String.join(",", extra));
        }
        return 0;
    }
}
