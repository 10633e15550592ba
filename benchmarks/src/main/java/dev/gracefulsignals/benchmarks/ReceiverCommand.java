package dev.gracefulsignals.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;

/**
 * {@code receiver}: the process that signals are sent to.
 *
 * <p>Default protocol (other tools depend on it, keep it exact): prints {@code ready} on a line of
 * its own once the handler is installed, then for every delivered signal one line holding the
 * {@link System#nanoTime()} read inside the listener. {@code System.nanoTime()} reads
 * CLOCK_MONOTONIC on Linux, so a sender on the same machine measures one-way latency with its own clock.
 *
 * <p>With {@code --stages} each line holds two numbers, {@code <listener nanos> <captured nanos>}: the second is
 * when the backend caught the signal ({@code SignalReceived.monotonicNanos()}), so a sender can split the latency
 * into kill-to-capture and capture-to-listener.
 *
 * <p>With {@code --report} (used by {@code storm}) it prints nothing per signal, only counts them,
 * so the storm measures the library rather than this process's stdout; it also takes a probe
 * signal (default WINCH) and prints {@code probe <nanos>} for each, and answers a {@code report}
 * line on standard input with {@code report events=<listener calls> counts=<sum of counts>}. It
 * exits when standard input closes.
 */
final class ReceiverCommand implements Command {

    static final String READY = "ready";
    static final String PROBE = "probe";
    static final String REPORT = "report";

    @Override
    public String name() {
        return "receiver";
    }

    @Override
    public Set<String> flags() {
        return Set.of("--report", "--stages");
    }

    @Override
    public String usage() {
        return "--backend native|jvm --api core|spring --signal USR1 [--stages] [--report [--probe WINCH]]";
    }

    static Backend backend(String text) {
        Backend backend = switch (text.toLowerCase(Locale.ROOT)) {
            case "native" -> Backend.NATIVE;
            case "jvm" -> Backend.JVM;
            default -> null;
        };
        if (backend == null) {
            throw new IllegalArgumentException("Unknown --backend '" + text + "': use native or jvm");
        }
        return backend;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        Backend backend = backend(options.required("--backend"));
        ReceiverApi api = ReceiverApi.named(options.string("--api", "core"));
        Signal signal = Signal.of(options.required("--signal"));
        boolean report = options.flag("--report");
        boolean stages = options.flag("--stages");
        Signal probe = Signal.of(options.string("--probe", "WINCH"));
        options.rejectUnknown(usage());
        if (!report) {
            try (AutoCloseable listening = api.listen(backend, List.of(signal), (received, count, captured, listener) ->
                    out.println(stages ? listener + " " + captured : Long.toString(listener)))) {
                out.println(READY);
                new CountDownLatch(1).await(); // until the sender ends this process
            }
            return 0;
        }
        if (probe.equals(signal)) {
            throw new IllegalArgumentException("--probe must differ from --signal, or the probe would merge into the storm");
        }
        AtomicLong events = new AtomicLong();
        AtomicLong counts = new AtomicLong();
        ReceiverApi.Delivery delivery = (received, count, captured, listener) -> {
            if (received.equals(probe)) {
                out.println(PROBE + " " + listener);
            } else {
                events.incrementAndGet();
                counts.addAndGet(count);
            }
        };
        try (AutoCloseable listening = api.listen(backend, List.of(signal, probe), delivery);
             BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            out.println(READY);
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.equals(REPORT)) {
                    out.println(REPORT + " events=" + events.get() + " counts=" + counts.get());
                }
            }
        }
        return 0;
    }
}
