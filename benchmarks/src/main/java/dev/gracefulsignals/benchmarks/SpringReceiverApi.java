package dev.gracefulsignals.benchmarks;

import java.util.List;
import java.util.Set;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.spring.SignalEvent;

/**
 * An {@code @OnSignal} method in {@link MinimalBootApp}: what a Boot user writes. The signal goes from the
 * dispatcher thread to the "graceful-signals-events" thread, through the {@code SignalEvent}, to the method.
 */
final class SpringReceiverApi implements ReceiverApi {

    /** Annotation values are constants: one method per signal the benchmarks send (USR1 measured, WINCH probed, ALRM spare). */
    private static final Set<Signal> METHOD_SIGNALS = Set.of(Signal.USR1, Signal.WINCH, Signal.ALRM);

    @Override
    public String name() {
        return "spring";
    }

    @Override
    public AutoCloseable listen(Backend backend, List<Signal> signals, Delivery delivery) {
        for (Signal signal : signals) {
            if (!METHOD_SIGNALS.contains(signal)) {
                throw new IllegalArgumentException("--api spring has @OnSignal methods for " + METHOD_SIGNALS + " only, not " + signal
                        + ": use one of those, or --api core");
            }
        }
        SignalMethods methods = new SignalMethods(Set.copyOf(signals), delivery);
        return MinimalBootApp.run(true, backend, context -> context.registerBean(SignalMethods.class, () -> methods), readyNanos -> { });
    }

    /** The user's bean. Only the signals the receiver asked for are handed on, so unasked ones count nowhere. */
    static final class SignalMethods {

        private final Set<Signal> wanted;
        private final Delivery delivery;

        SignalMethods(Set<Signal> wanted, Delivery delivery) {
            this.wanted = wanted;
            this.delivery = delivery;
        }

        @OnSignal("USR1")
        void usr1(SignalEvent event) {
            long listenerNanos = System.nanoTime();
            hand(event, listenerNanos);
        }

        @OnSignal("WINCH")
        void winch(SignalEvent event) {
            long listenerNanos = System.nanoTime();
            hand(event, listenerNanos);
        }

        @OnSignal("ALRM")
        void alrm(SignalEvent event) {
            long listenerNanos = System.nanoTime();
            hand(event, listenerNanos);
        }

        private void hand(SignalEvent event, long listenerNanos) {
            if (wanted.contains(event.getSignal())) {
                delivery.delivered(event.getSignal(), event.getCount(), event.getMonotonicNanos(), listenerNanos);
            }
        }
    }
}
