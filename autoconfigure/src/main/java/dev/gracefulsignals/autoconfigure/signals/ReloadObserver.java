package dev.gracefulsignals.autoconfigure.signals;

import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;

/**
 * Told when a reload signal's reload (the {@code SignalReloadEvent} and its listeners, including a
 * context refresh) starts and ends, on the dispatcher thread that delivers the signal. The systemd integration uses it to
 * send {@code RELOADING=1} and {@code READY=1}. An observer that throws is logged and the reload goes on.
 */
public interface ReloadObserver {

    default void reloadStarted(SignalReceived signal) {
    }

    /** @param failure what a listener threw, or null when every listener succeeded */
    default void reloadFinished(SignalReceived signal, @Nullable Throwable failure) {
    }
}
