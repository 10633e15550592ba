package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;


/**
 * {@code startup}: from just before the harness forks the child JVM to {@code ApplicationReadyEvent} in it
 * (both {@link System#nanoTime()}, CLOCK_MONOTONIC on one host), for {@link MinimalBootApp} without and
 * with the starter, alternating; medians and their ratio (see {@link BootComparison}). Includes JVM boot,
 * as a user waiting for the app sees it.
 */
final class StartupCommand implements Command {

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public String usage() {
        return BootComparison.USAGE;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        return BootComparison.compare(name(), options,
                (app, readyNanos, mainCpuNanos) -> new BootComparison.Run((readyNanos - app.launchedNanos()) / 1e6, null, mainCpuNanos / 1e6), out);
    }
}
