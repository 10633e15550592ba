package dev.gracefulsignals.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.autoconfigure.signals.SignalDeliveryObserver;
import dev.gracefulsignals.signal.SignalReceived;
import dev.gracefulsignals.spring.SignalAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code signals.*} meters, fed by every delivery:
 * <ul>
 * <li>{@code signals.received} (counter, tag {@code signal}): incremented by the delivery's count, so
 * signals the kernel coalesced are counted too;</li>
 * <li>{@code signals.dispatch.latency} (timer, tag {@code signal}): from the moment the handler saw the
 * signal ({@code CLOCK_MONOTONIC}, the clock of {@code System.nanoTime()}) to the end of the listeners
 * and synchronous {@code @OnSignal} methods. Not recorded for {@code ignore}d signals;</li>
 * <li>{@code signals.async.merged} (counter, tags {@code signal}, {@code method}): deliveries that found an
 * {@code @OnSignal(async = true)} method still running or waiting for a thread, merged into its next run.</li>
 * </ul>
 */
public final class SignalMetrics implements SignalDeliveryObserver {

    private final MeterRegistry registry;

    public SignalMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void delivered(SignalReceived received, SignalAction action) {
        long latency = System.nanoTime() - received.monotonicNanos();
        String signal = received.signal().name();
        Counter.builder("signals.received")
                .description("Signals received, counting deliveries the kernel coalesced")
                .tag("signal", signal)
                .register(registry)
                .increment(received.count());
        if (action != SignalAction.IGNORE) {
            Timer.builder("signals.dispatch.latency")
                    .description("From the native handler to the end of the listeners and synchronous @OnSignal methods")
                    .tag("signal", signal)
                    .register(registry)
                    .record(Math.max(0, latency), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void asyncMerged(SignalReceived received, String method) {
        Counter.builder("signals.async.merged")
                .description("Deliveries merged into the next run of an @OnSignal(async = true) method that was still busy")
                .tag("signal", received.signal().name())
                .tag("method", method)
                .register(registry)
                .increment(received.count());
    }
}
