package dev.gracefulsignals.signal;

import org.jspecify.annotations.Nullable;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLongArray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.SignalHandler;

/**
 * The fallback backend, on {@code sun.misc.Signal} (module {@code jdk.unsupported}). HotSpot's own
 * C handler posts to its "Signal Dispatcher" thread, which starts a Java thread per signal; that
 * thread runs {@link #handle} (plain Java, not signal context), which counts and wakes the same
 * dispatcher as the native backend. No sender details: {@code sun.misc.Signal} does not expose them.
 */
final class JvmCapture implements Capture {

    private static final Logger log = LoggerFactory.getLogger(JvmCapture.class);

    private final AtomicLongArray counts = new AtomicLongArray(Signal.RTMAX + 1);
    private final AtomicLongArray lastNanos = new AtomicLongArray(Signal.RTMAX + 1);
    private final Semaphore wakeUps = new Semaphore(0);
    private final ConcurrentHashMap<Signal, SignalHandler> previous = new ConcurrentHashMap<>();
    private final SignalHandler ours = this::handle;
    private final String reason;
    private volatile boolean stopped;

    JvmCapture(String reason) {
        this.reason = reason;
    }

    private void handle(sun.misc.Signal signal) {
        int number = Signal.of(signal.getName()).number();
        // The time first, then the count: whoever sees the count sees this time (or a later one).
        lastNanos.set(number, System.nanoTime());
        counts.incrementAndGet(number);
        wakeUps.release();
    }

    @Override
    public Backend backend() {
        return Backend.JVM;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public Installed install(Signal signal, boolean force) {
        if (signal.isRealTime()) {
            throw new IllegalStateException("The jvm backend cannot handle " + signal + ": sun.misc.Signal knows only the"
                    + " standard signal names. Use the native backend (Linux x86-64 or aarch64) or a standard signal such as USR1.");
        }
        sun.misc.Signal jdkSignal = new sun.misc.Signal(signal.name());
        SignalHandler replaced;
        try {
            counts.set(signal.number(), 0);
            replaced = sun.misc.Signal.handle(jdkSignal, ours);
        } catch (IllegalArgumentException jvmUsesIt) {
            throw new IllegalStateException("the JVM refused to hand over " + signal + " (" + jvmUsesIt.getMessage()
                    + "); it may be reserved by -Xrs or a JVM option", jvmUsesIt);
        }
        if (replaced == SignalHandler.SIG_IGN) {
            if (isShutdownSignal(signal)) {
                // HotSpot installs nothing over an ignored HUP, INT or TERM and answers SIG_IGN: force cannot work here.
                if (force) {
                    log.warn("The jvm backend cannot take {}, which the process inherited as ignored: HotSpot refuses to"
                            + " install over it. It stays ignored; the native backend can take it.", signal);
                }
                return Installed.LEFT_IGNORED;
            }
            if (!force) {
                // sun.misc.Signal cannot look without replacing: put the inherited SIG_IGN straight back.
                sun.misc.Signal.handle(jdkSignal, SignalHandler.SIG_IGN);
                return Installed.LEFT_IGNORED;
            }
        }
        if (replaced != ours) {
            previous.put(signal, replaced);
        }
        return Installed.INSTALLED;
    }

    @Override
    public boolean restore(Signal signal) {
        SignalHandler before = previous.remove(signal);
        if (before == null) {
            return true;
        }
        sun.misc.Signal jdkSignal = new sun.misc.Signal(signal.name());
        SignalHandler current = sun.misc.Signal.handle(jdkSignal, before);
        if (current != ours) {
            // Someone replaced ours since: theirs stays.
            sun.misc.Signal.handle(jdkSignal, current);
            return false;
        }
        return true;
    }

    @Override
    public boolean isInstalled(Signal signal) {
        return true;
    }

    private static boolean isShutdownSignal(Signal signal) {
        return signal == Signal.HUP || signal == Signal.INT || signal == Signal.TERM;
    }

    @Override
    public boolean awaitWakeUp() throws InterruptedException {
        wakeUps.acquire();
        wakeUps.drainPermits();
        if (stopped) {
            wakeUps.release(); // pass the stop on to the next waiting reader
            return false;
        }
        return true;
    }

    @Override
    public void wakeUp() {
        wakeUps.release();
    }

    @Override
    public void stop() {
        stopped = true;
        wakeUps.release();
    }

    @Override
    public @Nullable SignalReceived take(Signal signal) {
        long count = counts.getAndSet(signal.number(), 0);
        return count == 0 ? null : new SignalReceived(signal, count, SignalOrigin.unknown(), lastNanos.get(signal.number()));
    }

    @Override
    public void close() {
        stop(); // nothing else to release: the semaphore and arrays are plain heap objects
    }
}
