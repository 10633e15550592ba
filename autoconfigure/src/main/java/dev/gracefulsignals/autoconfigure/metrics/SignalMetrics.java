package dev.gracefulsignals.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.autoconfigure.SignalDeliveryObserver;
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
 * and synchronous {@code @OnSignal} methods. Not recorded for {@code ignore}d signals.</li>
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
}
