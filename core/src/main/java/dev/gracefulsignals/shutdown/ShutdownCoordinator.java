package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one shutdown sequence exactly once, whatever starts it, and keeps it bounded and observable:
 * named phases are timed and logged, hooks run one by one under their own timeouts, a deadline
 * watchdog logs the stacks of the threads still running and halts the process when the whole
 * sequence overruns, a repeated shutdown signal halts at once, and one report line is logged at
 * the end in every case.
 *
 * <p>The caller composes the phases (the Spring Boot starter's are: refuse traffic, drain delay,
 * cancel tasks, hooks, close the context) and calls them in order after {@link #begin}.
 */
public final class ShutdownCoordinator {

    private static final Logger log = LoggerFactory.getLogger(ShutdownCoordinator.class);

    /** Where the sequence is. */
    public enum State {
        /** No shutdown has begun. */
        RUNNING,
        /** The sequence runs. */
        SHUTTING_DOWN,
        /** The sequence ended (completed, or halted). */
        TERMINATED
    }

    /** A hook with the name it is reported under. */
    public record NamedHook(String name, ShutdownHook hook) {
    }

    private final Duration timeout;
    private final boolean haltOnRepeat;
    private final ProcessExit exit;
    private final ShutdownToken token;
    private final List<ShutdownObserver> observers;

    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final List<ShutdownReport.Phase> phases = new ArrayList<>();
    private final List<ShutdownReport.Hook> hooks = new ArrayList<>();
    private final AtomicLong tasksCancelled = new AtomicLong();
    private final AtomicReference<@Nullable ShutdownReport> report = new AtomicReference<>();
    private volatile @Nullable ShutdownTrigger trigger;
    private volatile @Nullable String currentPhase;
    private volatile long startNanos;
    private volatile @Nullable Thread watchdog;
    private final java.util.concurrent.atomic.AtomicBoolean announced = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param timeout      the deadline for the whole sequence
     * @param haltOnRepeat whether a second shutdown signal during the sequence halts at once
     * @param exit         how the process ends
     * @param token        the token to request at {@link #requestCancellation()}
     * @param observers    told of every step
     */
    public ShutdownCoordinator(Duration timeout, boolean haltOnRepeat, ProcessExit exit, ShutdownToken token,
                               List<ShutdownObserver> observers) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The shutdown timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
        this.haltOnRepeat = haltOnRepeat;
        this.exit = Objects.requireNonNull(exit, "exit");
        this.token = Objects.requireNonNull(token, "token");
        this.observers = List.copyOf(observers);
    }

    /**
     * Begins the sequence. Returns false, doing nothing, when it already began: the sequence runs
     * exactly once per coordinator.
     */
    public boolean begin(ShutdownTrigger trigger) {
        synchronized (state) {
            if (state.get() != State.RUNNING) {
                return false;
            }
            this.startNanos = System.nanoTime();
            this.trigger = trigger;
            state.set(State.SHUTTING_DOWN); // volatile: whoever sees SHUTTING_DOWN sees the start time and trigger
        }
        // Cheap on purpose: this may run on the signal dispatcher thread. Logging and observers come with
        // the first phase, on the thread that runs the sequence.
        Thread deadline = new Thread(this::enforceDeadline, "graceful-shutdown-deadline");
        deadline.setDaemon(true);
        watchdog = deadline;
        deadline.start();
        return true;
    }

    /** Logs the start and tells the observers, once, on the first step of the sequence. */
    private void announce() {
        if (announced.compareAndSet(false, true)) {
            ShutdownTrigger started = Objects.requireNonNull(trigger);
            log.info("Graceful shutdown started by {} (deadline {} s)", started, timeout.toMillis() / 1000.0);
            notifyObservers(observer -> observer.started(started));
        }
    }

    /** Runs one phase, timed and logged. A phase that throws is logged and the sequence goes on. */
    public void runPhase(String name, Runnable work) {
        announce();
        currentPhase = name;
        notifyObservers(observer -> observer.phaseStarted(name));
        log.info("Graceful shutdown: {}", name);
        long start = System.nanoTime();
        try {
            work.run();
        } catch (RuntimeException | Error failure) {
            log.error("Graceful shutdown phase {} failed; the sequence goes on", name, failure);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        synchronized (phases) {
            phases.add(new ShutdownReport.Phase(name, took));
        }
        notifyObservers(observer -> observer.phaseFinished(name, took));
    }

    /** Requests the {@link ShutdownToken}, running its callbacks on this thread. */
    public void requestCancellation() {
        ShutdownTrigger current = trigger;
        token.request(current == null ? ShutdownTrigger.contextClose() : current);
    }

    /** Counts tasks interrupted or never started because of the shutdown. */
    public void addCancelledTasks(long count) {
        tasksCancelled.addAndGet(count);
        if (count > 0) {
            notifyObservers(observer -> observer.tasksCancelled(count));
        }
    }

    /**
     * Runs the hooks in order, each on its own thread bounded by its timeout (or the default). One
     * that throws or times out is logged, a timed-out one is interrupted and abandoned, and the next runs.
     */
    public void runHooks(List<NamedHook> ordered, Duration defaultTimeout) {
        announce();
        for (NamedHook named : ordered) {
            Duration limit = named.hook().timeout().orElse(defaultTimeout);
            AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
            Thread runner = new Thread(() -> {
                try {
                    named.hook().run();
                } catch (Throwable thrown) {
                    failure.set(thrown);
                }
            }, "graceful-shutdown-hook-" + named.name());
            runner.setDaemon(true);
            notifyObservers(observer -> observer.hookStarted(named.name()));
            long start = System.nanoTime();
            runner.start();
            HookOutcome outcome;
            try {
                runner.join(Math.max(1, limit.toMillis()));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (runner.isAlive()) {
                runner.interrupt();
                outcome = HookOutcome.TIMEOUT;
                log.error("Shutdown hook {} did not finish within {} ms; interrupted it and going on with the next hook",
                        named.name(), limit.toMillis());
            } else if (failure.get() != null) {
                outcome = HookOutcome.FAILURE;
                log.error("Shutdown hook {} failed; going on with the next hook", named.name(), failure.get());
            } else {
                outcome = HookOutcome.SUCCESS;
                log.info("Shutdown hook {} done in {} ms", named.name(), took.toMillis());
            }
            synchronized (phases) {
                hooks.add(new ShutdownReport.Hook(named.name(), outcome, took));
            }
            notifyObservers(observer -> observer.hookFinished(named.name(), outcome, took));
        }
    }

    /**
     * Ends the sequence: logs the report line and tells the observers. Call before ending the process.
     *
     * @param exitCode the exit code the process is about to end with, when known
     */
    public ShutdownReport complete(@Nullable Integer exitCode) {
        announce();
        ShutdownReport done = finish(ShutdownReport.Outcome.COMPLETED, exitCode);
        Thread deadline = watchdog;
        ShutdownTrigger started = trigger;
        // When the process exits next, the deadline stays armed: the JVM's own shutdown hooks (other
        // libraries, logging) run after this, and they are bounded by the same deadline.
        if (deadline != null && started != null && !started.processExits()) {
            deadline.interrupt();
        }
        return done;
    }

    /**
     * Completes the sequence and ends the process with {@code code} through the {@link ProcessExit}.
     * The deadline stays armed over the JVM's own shutdown hooks; if the exit returns (a test's
     * recorder), nothing is exiting and the deadline is disarmed.
     */
    public void exitProcess(int code) {
        complete(code);
        exit.exit(code);
        Thread deadline = watchdog;
        if (deadline != null) {
            deadline.interrupt();
        }
    }

    /**
     * A shutdown signal arrived. During a sequence, with halt-on-repeat, the process halts at once
     * with 128 + the signal's number; returns true then (in tests, where halt returns).
     */
    public boolean repeatedSignal(SignalReceived signal) {
        State now = state.get();
        ShutdownTrigger started = trigger;
        if (now == State.RUNNING || !haltOnRepeat || (now == State.TERMINATED && (started == null || !started.processExits()))) {
            return false;
        }
        int code = ShutdownTrigger.exitCodeFor(signal.signal());
        log.warn("{} again during the graceful shutdown (phase {}): halting now with exit code {}", signal.signal(), currentPhase, code);
        finish(ShutdownReport.Outcome.FORCED, code);
        exit.halt(code);
        return true;
    }

    private void enforceDeadline() {
        try {
            Thread.sleep(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException completed) {
            return;
        }
        ShutdownTrigger started = Objects.requireNonNull(trigger);
        ShutdownReport done = report.get();
        if (done != null && !started.processExits()) {
            return;
        }
        if (done == null) {
            log.error("Graceful shutdown passed its deadline of {} ms in phase {}. Threads still running:\n{}",
                    timeout.toMillis(), currentPhase, threadDump());
        } else {
            log.error("The graceful shutdown completed, but the JVM has not exited within the deadline of {} ms: its"
                    + " shutdown hooks are still running. Halting. Threads still running:\n{}", timeout.toMillis(), threadDump());
        }
        Integer fallback = started.processExits() ? started.shutdownSignal().map(ShutdownTrigger::exitCodeFor).orElse(1) : null;
        // The report is written once: a sequence that completed keeps its report and its exit code.
        ShutdownReport made = finish(ShutdownReport.Outcome.DEADLINE, fallback);
        if (started.processExits()) {
            exit.halt(made.exitCode() != null ? made.exitCode() : Objects.requireNonNull(fallback));
        }
    }

    private ShutdownReport finish(ShutdownReport.Outcome outcome, @Nullable Integer exitCode) {
        ShutdownTrigger started = trigger;
        ShutdownReport made;
        synchronized (phases) {
            made = new ShutdownReport(started == null ? ShutdownTrigger.contextClose() : started, outcome,
                    Duration.ofNanos(System.nanoTime() - startNanos), phases, hooks, tasksCancelled.get(), exitCode);
        }
        if (!report.compareAndSet(null, made)) {
            return Objects.requireNonNull(report.get());
        }
        state.set(State.TERMINATED);
        currentPhase = null;
        if (log.isInfoEnabled()) {
            log.info(made.toLogLine());
        }
        notifyObservers(observer -> observer.finished(made));
        return made;
    }

    static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            dump.append('"').append(thread.getName()).append("\" ").append(thread.isDaemon() ? "daemon " : "")
                    .append(thread.getState()).append('\n');
            for (StackTraceElement frame : entry.getValue()) {
                dump.append("\tat ").append(frame).append('\n');
            }
        }
        return dump.toString();
    }

    private void notifyObservers(java.util.function.Consumer<ShutdownObserver> call) {
        for (ShutdownObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException | Error failure) {
                log.error("Shutdown observer {} failed; the shutdown goes on", observer, failure);
            }
        }
    }

    public State state() {
        return state.get();
    }

    /** The phase running now, during a sequence. */
    public Optional<String> currentPhase() {
        return Optional.ofNullable(currentPhase);
    }

    /** What started the sequence, once begun. */
    public Optional<ShutdownTrigger> trigger() {
        return Optional.ofNullable(trigger);
    }

    /** The report, once the sequence ended. */
    public Optional<ShutdownReport> report() {
        return Optional.ofNullable(report.get());
    }

    public Duration timeout() {
        return timeout;
    }

    /** The time left before the deadline halts the sequence; zero before it began or after it passed. */
    public Duration timeLeft() {
        if (state.get() == State.RUNNING) {
            return Duration.ZERO;
        }
        Duration left = timeout.minusNanos(System.nanoTime() - startNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
