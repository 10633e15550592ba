package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulsignals.signal.ExitGuard;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What one sequence did, as it happens: where it is, what started it and when, the phases and hooks with their times,
 * the tasks cancelled and the work still held. Builds the {@link ShutdownReport} and logs it exactly once, whoever ends
 * the sequence (the sequence itself, a halt, the deadline, the JVM's exit).
 */
final class ShutdownRecord {

    /** The coordinator's logger: users filter the report line by it. */
    private static final Logger log = LoggerFactory.getLogger(ShutdownCoordinator.class);

    private final Duration timeout;
    private final ProcessExit exit;
    private final ShutdownObserver observers;

    private final AtomicReference<ShutdownCoordinator.State> state = new AtomicReference<>(ShutdownCoordinator.State.RUNNING);
    private final List<ShutdownReport.Phase> phases = new ArrayList<>();
    private final List<ShutdownReport.Hook> hooks = new ArrayList<>();
    private final List<String> stillHeld = new ArrayList<>();
    private final AtomicLong tasksCancelled = new AtomicLong();
    private final AtomicReference<@Nullable ShutdownReport> report = new AtomicReference<>();
    private final AtomicBoolean announced = new AtomicBoolean();
    private volatile @Nullable ShutdownTrigger trigger;
    private volatile @Nullable String currentPhase;
    private volatile long startNanos;

    ShutdownRecord(Duration timeout, ProcessExit exit, ShutdownObserver observers) {
        this.timeout = timeout;
        this.exit = exit;
        this.observers = observers;
    }

    /** Begins the record; false when a sequence already began. Returns with the start time and trigger visible to all. */
    boolean begin(ShutdownTrigger started, long now) {
        synchronized (state) {
            if (state.get() != ShutdownCoordinator.State.RUNNING) {
                return false;
            }
            this.startNanos = now;
            this.trigger = started;
            state.set(ShutdownCoordinator.State.SHUTTING_DOWN); // volatile: whoever sees SHUTTING_DOWN sees the start time and trigger
            return true;
        }
    }

    ShutdownCoordinator.State state() {
        return state.get();
    }

    @Nullable ShutdownTrigger trigger() {
        return trigger;
    }

    long startNanos() {
        return startNanos;
    }

    @Nullable String currentPhase() {
        return currentPhase;
    }

    @Nullable ShutdownReport report() {
        return report.get();
    }

    /** Logs the start and tells the observers, once, on the first step of the sequence. */
    void announce() {
        if (announced.compareAndSet(false, true)) {
            ShutdownTrigger started = Objects.requireNonNull(trigger);
            log.info("Graceful shutdown started by {} (deadline {} s)", started, timeout.toMillis() / 1000.0);
            observers.started(started);
        }
    }

    /** Announces the phase; returns its start time. */
    long phaseStarts(String name) {
        announce();
        currentPhase = name;
        observers.phaseStarted(name);
        log.info("Graceful shutdown: {}", name);
        return System.nanoTime();
    }

    static void phaseFailed(String name, Throwable failure) {
        log.error("Graceful shutdown phase {} failed; the sequence goes on", name, failure);
    }

    /** Records the phase's time in the report and tells the observers. */
    void phaseEnds(String name, long start) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        synchronized (phases) {
            phases.add(new ShutdownReport.Phase(name, took));
        }
        observers.phaseFinished(name, took);
    }

    void hookFinished(String name, HookOutcome outcome, Duration took) {
        synchronized (phases) {
            hooks.add(new ShutdownReport.Hook(name, outcome, took));
        }
        observers.hookFinished(name, outcome, took);
    }

    void stillHeld(List<String> names) {
        synchronized (phases) {
            stillHeld.addAll(names);
        }
    }

    void tasksCancelled(long count) {
        tasksCancelled.addAndGet(count);
        if (count > 0) {
            observers.tasksCancelled(count);
        }
    }

    /** Whether every hook succeeded and nothing is still held, so far. */
    boolean clean() {
        synchronized (phases) {
            boolean clean = stillHeld.isEmpty();
            for (ShutdownReport.Hook hook : hooks) {
                clean &= hook.outcome() == HookOutcome.SUCCESS;
            }
            return clean;
        }
    }

    /** Ends the record: the report is made, logged and told once; a later call returns the first report. */
    ShutdownReport finish(ShutdownReport.Outcome outcome, @Nullable Integer exitCode) {
        ShutdownTrigger started = trigger;
        ShutdownReport made;
        synchronized (phases) {
            made = new ShutdownReport(started == null ? ShutdownTrigger.contextClose() : started, outcome,
                    Duration.ofNanos(System.nanoTime() - startNanos), phases, hooks, tasksCancelled.get(), stillHeld, exitCode,
                    via(started, outcome));
        }
        if (!report.compareAndSet(null, made)) {
            return Objects.requireNonNull(report.get());
        }
        state.set(ShutdownCoordinator.State.TERMINATED);
        currentPhase = null;
        if (log.isInfoEnabled()) {
            // The fields are for structured logging (JSON formats write them); a plain pattern shows the line alone.
            LoggingEventBuilder line = log.atInfo();
            for (Map.Entry<String, Object> field : made.fields().entrySet()) {
                line = line.addKeyValue(field.getKey(), field.getValue());
            }
            line.log(made.toLogLine());
        }
        observers.finished(made);
        return made;
    }

    /** How the process ends after this outcome: null when it goes on (a context closed while the JVM is not exiting). */
    private ShutdownReport.@Nullable Via via(@Nullable ShutdownTrigger started, ShutdownReport.Outcome outcome) {
        if (started == null || !started.processExits()) {
            return null;
        }
        return switch (outcome) {
            case COMPLETED -> ShutdownReport.Via.EXIT;
            case FORCED -> ShutdownReport.Via.HALT;
            case DEADLINE -> exit.endsProcess() && ExitGuard.isRunning() ? ShutdownReport.Via.NATIVE_EXIT : ShutdownReport.Via.HALT;
        };
    }
}
