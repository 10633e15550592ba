package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.time.Duration;

import dev.gracefulsignals.signal.Backend;
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
        return "[-n 10] [--warmup 1] [--backend native|jvm]";
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        int n = Math.max(1, options.positiveInt("-n", 10));
        int warmup = options.positiveInt("--warmup", 1);
        Backend backend = ReceiverCommand.backend(options.string("--backend", "native"));
        options.rejectUnknown(usage());
        return BootComparison.compare(name(), warmup, n, backend, (app, readyNanos) -> {
            Thread.sleep(SETTLE_MILLIS);
            long sent = System.nanoTime();
            app.kill(Signal.TERM);
            int code = app.awaitExit(EXIT_TIMEOUT);
            return new BootComparison.Run((System.nanoTime() - sent) / 1e6, code);
        }, out);
    }
}
