package dev.gracefulsignals.autoconfigure.signals;

import java.util.List;

import dev.gracefulsignals.dispatch.Observers;
import dev.gracefulsignals.signal.SignalReceived;
import dev.gracefulsignals.spring.SignalAction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SignalDeliveryObserver}s and {@link ReloadObserver}s as one, through the core's one fan-out
 * ({@link Observers}): every observer in order, a failing one logged and never in the way of the others or of the
 * delivery.
 */
final class SignalDeliveryObservers {

    private static final Logger log = LoggerFactory.getLogger(SignalBridge.class);

    private final Observers<SignalDeliveryObserver> deliveries;
    private final Observers<ReloadObserver> reloads;

    SignalDeliveryObservers(List<SignalDeliveryObserver> deliveries, List<ReloadObserver> reloads) {
        this.deliveries = new Observers<>(deliveries, log, "Signal delivery observer", "the others still run");
        this.reloads = new Observers<>(reloads, log, "Reload observer", "the reload goes on");
    }

    void delivered(SignalReceived received, SignalAction action) {
        deliveries.tell(new Delivered(received, action));
    }

    void asyncMerged(SignalReceived received, String method) {
        deliveries.tell(new AsyncMerged(received, method));
    }

    void reloadStarted(SignalReceived received) {
        reloads.tell(new ReloadStarted(received));
    }

    void reloadFinished(SignalReceived received, @Nullable Throwable failure) {
        reloads.tell(new ReloadFinished(received, failure));
    }

    private record Delivered(SignalReceived received, SignalAction action) implements Observers.Call<SignalDeliveryObserver> {
        @Override
        public void on(SignalDeliveryObserver observer) {
            observer.delivered(received, action);
        }
    }

    private record AsyncMerged(SignalReceived received, String method) implements Observers.Call<SignalDeliveryObserver> {
        @Override
        public void on(SignalDeliveryObserver observer) {
            observer.asyncMerged(received, method);
        }
    }

    private record ReloadStarted(SignalReceived received) implements Observers.Call<ReloadObserver> {
        @Override
        public void on(ReloadObserver observer) {
            observer.reloadStarted(received);
        }
    }

    private record ReloadFinished(SignalReceived received, @Nullable Throwable failure) implements Observers.Call<ReloadObserver> {
        @Override
        public void on(ReloadObserver observer) {
            observer.reloadFinished(received, failure);
        }
    }
}
