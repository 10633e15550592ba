package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.time.Duration;

import dev.gracefulsignals.signal.Signal;

/**
 * {@code shutdown}: from {@code kill(SIGTERM)} to the child's exit as this process sees it (the JDK's
 * process reaper), for {@link MinimalBootApp} without the starter (the JVM's handler, then Boot's shutdown
 * hook closes the context) and with it (the starter's sequence with no drain delay, then
 * {@code System.exit(143)}), alternating; medians and their ratio (see {@link BootComparison}). The exit
 * code, 143 both ways, is printed too.
 */
final class ShutdownCommand implements Command {

    /** After ready, let the app's start-up stragglers (JIT, background initialisation) finish before the signal. */
    private static final long SETTLE_MILLIS = 300;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "shutdown";
    }

    @Override
    public String usage() {
        return BootComparison.USAGE;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        return BootComparison.compare(name(), options, (app, readyNanos, mainCpuNanos) -> {
            Thread.sleep(SETTLE_MILLIS);
            long sent = System.nanoTime();
            app.kill(Signal.TERM);
            int code = app.awaitExit(EXIT_TIMEOUT);
            return new BootComparison.Run((System.nanoTime() - sent) / 1e6, code);
        }, out);
    }
}
