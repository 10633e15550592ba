package dev.gracefulsignals.dispatch;

import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;

/**
 * One subscription's deliveries of one signal. Deliveries run one at a time, in order; those that
 * arrive while one runs merge into a single pending one, counts added, as the kernel merges a pending
 * signal, and the listener is told of each merge ({@link SignalListener#merged}). So a lane holds at most one
 * waiting delivery and needs at most one thread, however slow its listener, and a lane stuck in its listener holds
 * up no other lane. The one lane type: deliveries on the dispatcher's threads and on a subscriber's executor
 * (the starter's {@code @OnSignal(async = true)} methods) alike.
 */
final class Lane implements Runnable {

    private final Subscription subscription;
    /** Guarded by this. */
    private @Nullable SignalReceived pending;
    /** Whether a thread has claimed this lane and runs (or is about to run) its deliveries. Guarded by this. */
    private boolean claimed;

    Lane(Subscription subscription) {
        this.subscription = subscription;
    }

    Subscription subscription() {
        return subscription;
    }

    /**
     * Adds a delivery. Returns true when the lane was idle: the caller has claimed it and must
     * {@link #run()} it (or hand it to a thread that will); false when the thread running it takes the
     * delivery in turn.
     */
    synchronized boolean offer(SignalReceived received) {
        pending = pending == null ? received : pending.coalesce(received);
        if (claimed) {
            return false;
        }
        claimed = true;
        return true;
    }

    /** Drops what is pending and lets go of the claim: its executor rejected it (shutting down). */
    synchronized void clear() {
        pending = null;
        claimed = false;
    }

    /** Runs the pending deliveries until none is left, then lets go of the claim. */
    @Override
    public void run() {
        while (true) {
            SignalReceived next;
            synchronized (this) {
                next = pending;
                pending = null;
                if (next == null) {
                    claimed = false;
                    return;
                }
            }
            subscription.invoke(next);
        }
    }
}
