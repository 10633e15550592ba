package dev.gracefulsignals.autoconfigure.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulsignals.shutdown.HookOutcome;
import dev.gracefulsignals.shutdown.ShutdownCoordinator;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.shutdown.ShutdownReport;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code shutdown.*} meters, recorded as the sequence runs: {@code shutdown.state} (gauge: 0 running,
 * 1 shutting down, 2 terminated), {@code shutdown.phase.duration} (tag {@code phase}),
 * {@code shutdown.hook.duration} (tags {@code hook}, {@code outcome}), {@code shutdown.tasks.cancelled},
 * {@code shutdown.held} (gauge: work held on the {@link ShutdownToken} now) and, at the end, {@code shutdown.duration} (tags {@code trigger}, {@code outcome}).
 *
 * <p>Spring Boot closes its registries on {@code ContextClosedEvent}, after the sequence's phases up to
 * {@code hooks} ran (they run first, on that event or before the close): those are recorded in time. The
 * {@code close-context} phase and {@code shutdown.duration} end after the close, so a closed registry
 * drops them; the shutdown report line carries them.
 */
public final class ShutdownMetrics implements ShutdownObserver {

    private final MeterRegistry registry;
    private final AtomicInteger state = new AtomicInteger(ShutdownCoordinator.State.RUNNING.ordinal());
    private final Counter tasksCancelled;

    public ShutdownMetrics(MeterRegistry registry, ShutdownToken token) {
        this.registry = registry;
        Gauge.builder("shutdown.held", token, ShutdownToken::heldCount)
                .description("Work held on the ShutdownToken now: the shutdown waits for it before it interrupts anything")
                .strongReference(true)
                .register(registry);
        Gauge.builder("shutdown.state", state, AtomicInteger::get)
                .description("Graceful shutdown state: 0 running, 1 shutting down, 2 terminated")
                .strongReference(true)
                .register(registry);
        this.tasksCancelled = Counter.builder("shutdown.tasks.cancelled")
                .description("Tasks interrupted or dropped before they started because of the shutdown")
                .register(registry);
    }

    @Override
    public void started(ShutdownTrigger trigger) {
        state.set(ShutdownCoordinator.State.SHUTTING_DOWN.ordinal());
    }

    @Override
    public void phaseFinished(String phase, Duration duration) {
        Timer.builder("shutdown.phase.duration")
                .description("Duration of one phase of the graceful shutdown")
                .tag("phase", phase)
                .register(registry)
                .record(duration);
    }

    @Override
    public void tasksCancelled(long count) {
        tasksCancelled.increment(count);
    }

    @Override
    public void hookFinished(String hook, HookOutcome outcome, Duration duration) {
        Timer.builder("shutdown.hook.duration")
                .description("Duration of one ShutdownHook bean, by how it ended")
                .tag("hook", hook)
                .tag("outcome", outcome.tag())
                .register(registry)
                .record(duration);
    }

    @Override
    public void finished(ShutdownReport report) {
        state.set(ShutdownCoordinator.State.TERMINATED.ordinal());
        Timer.builder("shutdown.duration")
                .description("Duration of the graceful shutdown, from its trigger to its end")
                .tag("trigger", report.trigger().label())
                .tag("outcome", report.outcome().tag())
                .register(registry)
                .record(report.duration());
    }
}
