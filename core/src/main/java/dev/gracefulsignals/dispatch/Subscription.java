package dev.gracefulsignals.dispatch;

import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's hold on some signals. {@link #close()} lets go; the last subscriber of a signal to
 * let go restores the action that was installed before ours (if ours is still installed).
 */
public final class Subscription implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Subscription.class);

    private final Set<Signal> signals;
    private final Set<Signal> leftIgnored;
    private final SignalListener listener;
    private final @Nullable Executor executor;
    private volatile boolean active = true;

    Subscription(Set<Signal> signals, Set<Signal> leftIgnored, SignalListener listener, @Nullable Executor executor) {
        this.signals = Set.copyOf(signals);
        this.leftIgnored = java.util.Collections.unmodifiableSet(leftIgnored); // filled by the dispatcher before subscribe returns
        this.listener = listener;
        this.executor = executor;
    }

    /** The signals this subscription asked for. */
    public Set<Signal> signals() {
        return signals;
    }

    /** The signals left ignored because the process inherited SIG_IGN for them (nohup); they will not be delivered. */
    public Set<Signal> leftIgnored() {
        return leftIgnored;
    }

    /** False once closed. */
    public boolean isActive() {
        return active;
    }

    /** Stops delivery to this listener and restores the previous action of signals nobody else holds. Idempotent. */
    @Override
    public void close() {
        if (active) {
            active = false;
            Dispatcher.unsubscribe(this);
        }
    }

    void deliver(SignalReceived signal) {
        if (!active) {
            return;
        }
        if (executor == null) {
            invoke(signal);
            return;
        }
        try {
            executor.execute(() -> invoke(signal));
        } catch (RejectedExecutionException rejected) {
            log.warn("The executor of listener {} rejected {}; delivering on the dispatcher thread instead", listener, signal);
            invoke(signal);
        }
    }

    private void invoke(SignalReceived signal) {
        if (!active) {
            return; // closed while this delivery waited on its executor
        }
        try {
            listener.onSignal(signal);
        } catch (Throwable failure) {
            // One listener's failure must not cost the others their signal, nor the dispatcher its life.
            log.error("Signal listener {} failed on {}; other listeners still run", listener, signal, failure);
        }
    }

    @Override
    public String toString() {
        return "Subscription" + signals + (active ? "" : " (closed)");
    }
}
