package dev.gracefulsignals.benchmarks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import dev.gracefulsignals.signal.Backend;

/**
 * {@code boot-app}: the child that {@code startup} and {@code shutdown} measure. Runs {@link MinimalBootApp}
 * with ({@code --starter on}) or without ({@code --starter off}) the starter's auto-configuration, prints
 * {@code ready <nanos> <main thread cpu nanos>} with the {@link System#nanoTime()} read first thing on {@code ApplicationReadyEvent},
 * and then only waits: the sender's SIGTERM ends it, through the JVM and Boot's shutdown hook without the
 * starter, through the starter's shutdown sequence with it.
 */
final class BootAppCommand implements Command {

    static final String READY = "ready";

    @Override
    public String name() {
        return "boot-app";
    }

    @Override
    public String usage() {
        return "--starter on|off [--backend native|jvm]   (the child of startup and shutdown; prints 'ready <nanos>')";
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        boolean starter = switch (options.required("--starter").toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--starter takes on or off");
        };
        Backend backend = ReceiverCommand.backend(options.string("--backend", "native"));
        options.rejectUnknown(usage());
        // The main thread's CPU time up to ready: what the starter adds to the thread every start waits on.
        MinimalBootApp.run(starter, backend, context -> { }, readyNanos -> out.println(READY + " " + readyNanos + " "
                + java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()));
        new CountDownLatch(1).await(); // until the sender's SIGTERM
        return 0;
    }
}
