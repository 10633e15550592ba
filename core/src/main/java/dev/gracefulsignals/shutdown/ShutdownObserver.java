package dev.gracefulsignals.shutdown;

import java.time.Duration;

/**
 * Watches a shutdown as it happens: metrics, the service manager (systemd), logs. Called on the
 * shutdown thread; an observer that throws is logged and the shutdown goes on.
 */
public interface ShutdownObserver {

    default void started(ShutdownTrigger trigger) {
    }

    default void phaseStarted(String phase) {
    }

    default void phaseFinished(String phase, Duration duration) {
    }

    default void hookStarted(String hook) {
    }

    /** Tasks were cancelled (interrupted, or dropped before they started) because of the shutdown. */
    default void tasksCancelled(long count) {
    }

    default void hookFinished(String hook, HookOutcome outcome, Duration duration) {
    }

    /** The end, whatever it was; on a deadline or forced halt, called just before the halt. */
    default void finished(ShutdownReport report) {
    }

    /**
     * The process ends in a moment without the JVM's shutdown hooks (a halt on a repeated signal, {@code _exit} at the
     * deadline): flush what must not be lost, such as asynchronous log appenders. Keep it short: the exit guard ends
     * the process two seconds after the deadline whatever runs then.
     */
    default void endingNow(int status) {
    }
}
