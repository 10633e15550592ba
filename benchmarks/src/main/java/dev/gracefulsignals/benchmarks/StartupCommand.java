package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;

import dev.gracefulsignals.signal.Backend;

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
        return "[-n 10] [--warmup 1] [--backend native|jvm]";
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        int n = Math.max(1, options.positiveInt("-n", 10));
        int warmup = options.positiveInt("--warmup", 1);
        Backend backend = ReceiverCommand.backend(options.string("--backend", "native"));
        options.rejectUnknown(usage());
        return BootComparison.compare(name(), warmup, n, backend,
                (app, readyNanos) -> new BootComparison.Run((readyNanos - app.launchedNanos()) / 1e6, null), out);
    }
}
