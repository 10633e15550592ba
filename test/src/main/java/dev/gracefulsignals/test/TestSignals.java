package dev.gracefulsignals.test;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulsignals.internal.LibC;
import dev.gracefulsignals.signal.Signal;

/**
 * Sends real signals to the test JVM with {@code kill(2)}, as {@code kill -USR1 <pid>} would.
 *
 * <pre>{@code
 * TestSignals.send("USR1");
 * }</pre>
 *
 * Only send a signal the application handles: an unhandled TERM, INT or HUP ends the test JVM.
 *
 * <p>A signal goes to the whole process, so every application context alive in the test JVM that takes
 * it reacts, including contexts the test framework keeps cached from earlier test classes. To reach
 * one context only, give it a signal of its own with {@link #privateSignal()}.
 */
public final class TestSignals {

    /** Handed out from the top down, below SIGRTMAX-2 (the JDK's) and above the few a test is likely to name. */
    private static final int HIGHEST_PRIVATE = Signal.RTMAX - 3;
    private static final int LOWEST_PRIVATE = Signal.RTMIN + 4;
    private static final AtomicInteger nextPrivate = new AtomicInteger(HIGHEST_PRIVATE);

    private TestSignals() {
    }

    public static void send(String signal) {
        send(Signal.of(signal));
    }

    public static void send(Signal signal) {
        LibC.kill(LibC.getpid(), signal.number());
    }

    /**
     * A real-time signal that no earlier call in this JVM returned, for one context to take: with
     * {@code graceful.signals[<name>]=shutdown} (or {@code event}) in that context only, sending it
     * reaches that context and no other cached one.
     *
     * <pre>{@code
     * static final Signal STOP = TestSignals.privateSignal();
     *
     * @DynamicPropertySource
     * static void stopSignal(DynamicPropertyRegistry registry) {
     *     registry.add(TestSignals.actionProperty(STOP), () -> "shutdown");
     * }
     * }</pre>
     *
     * Signals are handed out from {@code RTMAX-3} downwards to {@code RTMIN+4}; a test that names a
     * real-time signal itself should stay outside that range.
     *
     * @throws IllegalStateException when all of them are taken
     */
    public static Signal privateSignal() {
        int number = nextPrivate.getAndDecrement();
        if (number < LOWEST_PRIVATE) {
            throw new IllegalStateException("All " + (HIGHEST_PRIVATE - LOWEST_PRIVATE + 1)
                    + " private test signals are handed out in this JVM; let contexts that do not run at the same time share one");
        }
        return Signal.of(number);
    }

    /** The property that sets this signal's action: {@code graceful.signals[rtmax-3]}. */
    public static String actionProperty(Signal signal) {
        return "graceful.signals[" + signal.name().toLowerCase(Locale.ROOT) + "]";
    }
}
