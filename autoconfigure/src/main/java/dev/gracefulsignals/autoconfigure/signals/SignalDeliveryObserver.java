package dev.gracefulsignals.autoconfigure.signals;

import dev.gracefulsignals.signal.SignalReceived;
import dev.gracefulsignals.spring.SignalAction;

/**
 * Watches each signal the application took, once it has been delivered: metrics, the actuator
 * endpoint. Beans of this type are picked up in their order.
 *
 * <p>Called on the dispatcher thread that delivered the signal, after the {@code SignalEvent} listeners, the
 * synchronous {@code @OnSignal} methods and, for {@code reload}, the reload event (async methods may
 * still run); for {@code ignore}, right after the signal was dropped; for {@code shutdown}, right after the signal was
 * logged (its listeners run in the sequence's first step, not here). One that throws is logged and
 * the others still run. Keep it short: the next signal waits for it.
 */
@FunctionalInterface
public interface SignalDeliveryObserver {

    /**
     * @param received the signal, its count since the previous delivery, its origin and handler time
     * @param action   what the application did with it
     */
    void delivered(SignalReceived received, SignalAction action);

    /**
     * A delivery found an {@code @OnSignal(async = true)} method still running or waiting for a thread, and
     * merged into its next run.
     *
     * @param received the delivery that merged
     * @param method   the method, as {@code 'bean' Type.method}
     */
    default void asyncMerged(SignalReceived received, String method) {
    }
}
