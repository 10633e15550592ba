package dev.gracefulsignals.benchmarks;

import java.util.List;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;

/**
 * How a receiver takes signals: the user-facing API whose latency is measured. {@code core} is a
 * plain {@code Signals.subscribe} listener; {@code spring} an {@code @OnSignal} method in a
 * minimal Boot app with the starter.
 */
interface ReceiverApi {

    /** The name after {@code --api}. */
    String name();

    /**
     * Starts listening; {@code delivery} is called from inside the user's listener, with
     * {@link System#nanoTime()} read first thing there.
     *
     * @return closes the listener (and whatever the API started)
     */
    AutoCloseable listen(Backend backend, List<Signal> signals, Delivery delivery) throws Exception;

    /** What the user's listener hands to the receiver. */
    @FunctionalInterface
    interface Delivery {

        /**
         * @param capturedNanos when the backend caught the signal ({@code SignalReceived.monotonicNanos()}): the
         *                      native handler's CLOCK_MONOTONIC, or the jvm backend's handler thread's nanoTime
         * @param listenerNanos {@link System#nanoTime()} read first thing in the user's listener
         */
        void delivered(Signal signal, long count, long capturedNanos, long listenerNanos);
    }

    /** The APIs this build can run, in the order benchmarks run them. */
    static List<ReceiverApi> available() {
        return List.of(new CoreReceiverApi(), new SpringReceiverApi());
    }

    /**
     * The API with this name.
     *
     * @throws IllegalArgumentException naming the known APIs
     */
    static ReceiverApi named(String name) {
        for (ReceiverApi api : available()) {
            if (api.name().equals(name)) {
                return api;
            }
        }
        throw new IllegalArgumentException("Unknown --api '" + name + "': use core or spring");
    }
}
