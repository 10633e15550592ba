package dev.gracefulsignals.benchmarks;

import java.util.List;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.dispatch.SubscribeOptions;
import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;

/** A plain core listener on the dispatcher thread: the shortest path a user can have. */
final class CoreReceiverApi implements ReceiverApi {

    @Override
    public String name() {
        return "core";
    }

    @Override
    public AutoCloseable listen(Backend backend, List<Signal> signals, Delivery delivery) {
        return Signals.subscribe(signals, SubscribeOptions.defaults().backend(backend), received -> {
            long listenerNanos = System.nanoTime();
            delivery.delivered(received.signal(), received.count(), received.monotonicNanos(), listenerNanos);
        });
    }
}
