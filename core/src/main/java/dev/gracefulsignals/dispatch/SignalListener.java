package dev.gracefulsignals.dispatch;

import dev.gracefulsignals.signal.SignalReceived;

/**
 * Receives signals on the dispatcher thread (or on the executor given in {@link SubscribeOptions}).
 *
 * <p>Runs in normal Java context, never in signal context: anything is allowed, but a listener on
 * the dispatcher thread delays the listeners after it, so hand long work to an executor. An
 * exception is logged and the other listeners still run.
 */
@FunctionalInterface
public interface SignalListener {

    void onSignal(SignalReceived signal);
}
