package dev.gracefulsignals.autoconfigure.signals;

import dev.gracefulsignals.signal.SignalReceived;
import dev.gracefulsignals.spring.SignalEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The reload protocol of a {@code reload} signal: the {@link ReloadObserver}s hear that it starts (systemd gets
 * {@code RELOADING=1}), the {@code SignalReloadEvent} goes to its listeners (a context refresh among them), and the
 * observers hear how it ended ({@code READY=1}), with what a listener threw. A failed reload leaves the application
 * running with its previous state.
 */
final class SignalReload {

    private final ApplicationEventPublisher context;
    private final SignalDeliveryObservers observers;

    SignalReload(ApplicationEventPublisher context, SignalDeliveryObservers observers) {
        this.context = context;
        this.observers = observers;
    }

    /** Tells the observers, publishes the reload event to its listeners (a context refresh among them), tells them how it ended. */
    void run(SignalReceived received, SignalEvent event) {
        observers.reloadStarted(received);
        Throwable failure = null;
        try {
            context.publishEvent(event);
        } catch (RuntimeException thrown) {
            failure = thrown;
            SignalBridge.log.error("Reload on {} failed; the application runs on with its previous state", received.signal(), thrown);
        }
        observers.reloadFinished(received, failure);
    }
}
