package dev.gracefulsignals.dispatch;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

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
    /** One lane per signal: this listener's deliveries of a signal stay in order, and a slow one holds up no other signal. */
    private final Map<Signal, Lane> lanes = new HashMap<>();
    private volatile boolean active = true;

    Subscription(Set<Signal> signals, Set<Signal> leftIgnored, SignalListener listener, @Nullable Executor executor) {
        this.signals = Set.copyOf(signals);
        this.leftIgnored = java.util.Collections.unmodifiableSet(leftIgnored); // filled by the dispatcher before subscribe returns
        this.listener = listener;
        this.executor = executor;
        for (Signal signal : signals) {
            lanes.put(signal, new Lane(this));
        }
    }

    Lane lane(Signal signal) {
        return lanes.get(signal);
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

    /** The executor its deliveries run on, or null: on the dispatcher's threads. */
    @Nullable Executor executor() {
        return executor;
    }

    SignalListener listener() {
        return listener;
    }

    /** Calls the listener; a failure is logged and swallowed, so no listener costs another its signal. */
    void invoke(SignalReceived signal) {
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

    /** Tells the listener a delivery merged into its next run; a failure is logged and swallowed. */
    void merged(SignalReceived signal) {
        try {
            listener.merged(signal);
        } catch (Throwable failure) {
            log.error("Signal listener {} failed on a merged {}; its deliveries go on", listener, signal, failure);
        }
    }

    @Override
    public String toString() {
        return "Subscription" + signals + (active ? "" : " (closed)");
    }
}
