package dev.gracefulsignals.dispatch;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalReceived;

/**
 * {@link Signals#onExecutor}: a subscription's lanes, one per signal, that the caller feeds instead of the
 * dispatcher, run on an executor. The lanes and their guarantees are the dispatcher's own ({@link Lane}).
 */
final class ExecutorLanes implements SignalListener {

    /** Never registered with the dispatcher: it only carries the listener, the executor and one lane per signal. */
    private final Subscription lanes;
    private final Executor executor;

    ExecutorLanes(Collection<Signal> signals, Executor executor, SignalListener listener) {
        Set<Signal> ignoredNone = new HashSet<>();
        this.lanes = new Subscription(Set.copyOf(signals), ignoredNone, listener, executor);
        this.executor = executor;
    }

    @Override
    public void onSignal(SignalReceived signal) {
        Lane lane = lanes.lane(signal.signal());
        if (lane == null) {
            throw new IllegalArgumentException(signal.signal() + " is not one of " + lanes.signals());
        }
        if (!lane.offer(signal)) {
            lanes.merged(signal);
            return;
        }
        try {
            executor.execute(lane);
        } catch (RejectedExecutionException shuttingDown) {
            lane.clear(); // nobody is left to run it
        }
    }

    @Override
    public String toString() {
        return lanes.listener() + " on " + executor;
    }
}
