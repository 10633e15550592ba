package dev.gracefulsignals.test;

import dev.gracefulsignals.signal.LibC;
import dev.gracefulsignals.signal.Signal;

/**
 * Sends real signals to the test JVM with {@code kill(2)}, as {@code kill -USR1 <pid>} would.
 *
 * <pre>{@code
 * TestSignals.send("USR1");
 * }</pre>
 *
 * Only send a signal the application handles: an unhandled TERM, INT or HUP ends the test JVM.
 */
public final class TestSignals {

    private TestSignals() {
    }

    public static void send(String signal) {
        send(Signal.of(signal));
    }

    public static void send(Signal signal) {
        LibC.kill(LibC.getpid(), signal.number());
    }
}
