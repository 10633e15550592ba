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

    default void hookFinished(String hook, HookOutcome outcome, Duration duration) {
    }

    /** The end, whatever it was; on a deadline or forced halt, called just before the halt. */
    default void finished(ShutdownReport report) {
    }
}
