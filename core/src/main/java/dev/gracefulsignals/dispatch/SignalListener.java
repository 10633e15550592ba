package dev.gracefulsignals.dispatch;

import dev.gracefulsignals.signal.SignalReceived;

/**
 * Receives signals on the dispatcher thread (or on the executor given in {@link SubscribeOptions}).
 *
 * <p>Runs in normal Java context, never in signal context: anything is allowed. A slow listener
 * delays only its own later deliveries of the same signal (which merge meanwhile); an exception is
 * logged and the other listeners still run.
 */
@FunctionalInterface
public interface SignalListener {

    void onSignal(SignalReceived signal);

    /**
     * A delivery found this listener's previous one of the same signal still running (or waiting for its executor):
     * it merges into the next {@link #onSignal} call, counts added. Called on a dispatcher thread, outside any lock,
     * after the merge; keep it short (count it, log it once). Does nothing by default.
     */
    default void merged(SignalReceived signal) {
    }
}
