package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one shutdown sequence exactly once, whatever starts it, and keeps it bounded and observable: it begins once,
 * runs the {@link ShutdownPhase}s in order, keeps the clock, and completes or exits. The parts have rooms of their
 * own: {@link ShutdownThreads} (the parked sequence thread, the keep-alive), {@link Deadline} (the deadline thread,
 * the native exit guard), {@link RepeatedSignals} (what a second TERM does) and {@link ShutdownRecord} (the report,
 * logged once at the end in every case). Phases see the sequence only through {@link ShutdownSequence}.
 *
 * <p>{@link #prepare()} starts the threads a shutdown needs (the sequence's and the deadline's) and
 * parks them, so that no shortage of threads or memory when the signal arrives can stop them.
 */
public final class ShutdownCoordinator {

    private static final Logger log = LoggerFactory.getLogger(ShutdownCoordinator.class);
    /** How often waits look at the hurry flag, the held work and the JVM's exit. */
    static final long SLICE_MILLIS = 20;
    /** How long the JVM's exit may stay in its last, native step (every shutdown hook done) before the exit guard ends the process. */
    static final Duration STUCK_EXIT_GRACE = Duration.ofSeconds(1);
    /**
     * How long after the deadline the exit guard waits for the deadline thread, which logs the report and the stacks
     * and flushes the logs (an asynchronous appender may take its maxFlushTime, 1 s by default) before its own _exit.
     */
    static final Duration GUARD_AFTER_DEADLINE = Duration.ofSeconds(2);

    /** Where the sequence is. */
    public enum State {
        /** No shutdown has begun. */
        RUNNING,
        /** The sequence runs. */
        SHUTTING_DOWN,
        /** The sequence ended (completed, or halted). */
        TERMINATED
    }

    /** How repeated signals are treated: the policy, the window that merges duplicates, and a hurried hook's budget. */
    public record Repeats(RepeatPolicy policy, Duration window, Duration hurriedHookTimeout) {

        /** The defaults: hurry, then halt; duplicates within 1 s merged; hurried hooks get 1 s each. */
        public static Repeats defaults() {
            return new Repeats(RepeatPolicy.HURRY, Duration.ofSeconds(1), Duration.ofSeconds(1));
        }
    }

    private final Duration timeout;
    private final ExitStatus exitStatus;
    private final ProcessExit exit;
    private final ShutdownToken token;
    private final AllObservers observers;
    private final ShutdownRecord record;
    private final RepeatedSignals repeats;
    private final Deadline deadline;
    private final ShutdownThreads threads = new ShutdownThreads();
    private final Sequence sequence = new Sequence();
    private final Object beginLock = new Object();
    private volatile boolean disposed;
    /** The JVM began to exit during the sequence ({@code System.exit} from a hook, a listener, anywhere). */
    private volatile boolean jvmExiting;

    /**
     * @param timeout  the deadline for the whole sequence
     * @param repeats  what repeated shutdown signals do
     * @param exitStatus which status the process ends with after a shutdown signal
     * @param exit     how the process ends
     * @param token    the token to request at stop-intake
     * @param observers told of every step
     */
    public ShutdownCoordinator(Duration timeout, Repeats repeats, ExitStatus exitStatus, ProcessExit exit, ShutdownToken token,
                               List<ShutdownObserver> observers) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The shutdown timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
        this.repeats = new RepeatedSignals(Objects.requireNonNull(repeats, "repeats"));
        this.exitStatus = Objects.requireNonNull(exitStatus, "exitStatus");
        this.exit = Objects.requireNonNull(exit, "exit");
        this.token = Objects.requireNonNull(token, "token");
        this.observers = new AllObservers(observers);
        this.record = new ShutdownRecord(timeout, exit, this.observers);
        this.deadline = new Deadline(timeout, exit, exitStatus, record, this.observers);
    }

    /** A coordinator whose process ends with 128 + the signal's number ({@link ExitStatus#SIGNAL}). */
    public ShutdownCoordinator(Duration timeout, Repeats repeats, ProcessExit exit, ShutdownToken token,
                               List<ShutdownObserver> observers) {
        this(timeout, repeats, ExitStatus.SIGNAL, exit, token, observers);
    }

    /**
     * A coordinator whose repeats halt at once (with {@code haltOnRepeat}) or are ignored, with no
     * window: the simplest engine, for tests and plain Java use.
     */
    public ShutdownCoordinator(Duration timeout, boolean haltOnRepeat, ProcessExit exit, ShutdownToken token,
                               List<ShutdownObserver> observers) {
        this(timeout, new Repeats(haltOnRepeat ? RepeatPolicy.HALT : RepeatPolicy.IGNORE, Duration.ZERO, Duration.ofSeconds(1)),
                exit, token, observers);
    }

    /**
     * Starts the sequence thread and the deadline thread now and parks them, and watches for the JVM
     * exiting during a sequence: call once when the application is set up, before any signal can
     * arrive. {@link #dispose()} lets them go when no shutdown came.
     */
    public synchronized void prepare() {
        if (deadline.prepared() || disposed) {
            return;
        }
        deadline.prepare();
        threads.prepare(this::jvmIsExiting);
    }

    /**
     * Lets the parked threads go when they were not used (the context closes without a shutdown, or
     * closes from its own thread), and stops watching for the JVM's exit. Call when the context is destroyed.
     */
    public synchronized void dispose() {
        disposed = true;
        deadline.dispose(record.state() == State.RUNNING);
        threads.dispose(signalShutdownBeforeTheExit());
    }

    /**
     * Makes, now, the thread that keeps the JVM up during a signal's shutdown, when the application has non-daemon
     * threads of its own (a web server's): see {@link ShutdownThreads#prepareKeepAlive}. Call when the application is
     * started (its threads exist), before the signals are taken.
     */
    public synchronized void prepareKeepAlive() {
        if (!disposed && record.state() == State.RUNNING) {
            threads.prepareKeepAlive(new SignalShutdownBeforeTheExit(this), deadline.exitCalledLatch());
        }
    }

    /** Whether a signal's shutdown runs that has yet to call the process exit: the keep-alive's reason to be. */
    private boolean signalShutdownBeforeTheExit() {
        ShutdownTrigger started = record.trigger();
        return started != null && started.kind() == ShutdownTrigger.Kind.SIGNAL && deadline.exitCalledLatch().getCount() > 0;
    }

    /** {@link #signalShutdownBeforeTheExit()} for the keep-alive thread; a named class (see package-info). */
    private static final class SignalShutdownBeforeTheExit implements java.util.function.BooleanSupplier {

        private final ShutdownCoordinator coordinator;

        SignalShutdownBeforeTheExit(ShutdownCoordinator coordinator) {
            this.coordinator = coordinator;
        }

        @Override
        public boolean getAsBoolean() {
            return coordinator.signalShutdownBeforeTheExit();
        }
    }

    /**
     * Begins the sequence. Returns false, doing nothing, when it already began: the sequence runs
     * exactly once per coordinator. Cheap: it may run on the signal dispatcher thread.
     */
    public boolean begin(ShutdownTrigger trigger) {
        long now = System.nanoTime();
        synchronized (beginLock) {
            if (record.state() != State.RUNNING) {
                return false;
            }
            repeats.begun(now, trigger); // before the record: whoever sees the sequence begun sees its repeat window
            record.begin(trigger, now);
        }
        deadline.begun(trigger, now);
        return true;
    }

    /**
     * Begins the sequence and runs {@code work} on the sequence thread (the prepared one when there is
     * one), never on the caller's: the caller is the signal dispatcher, and {@code System.exit} holds a
     * lock for the whole JVM shutdown. Returns false, doing nothing, when the sequence already began.
     */
    public boolean beginInBackground(ShutdownTrigger trigger, Runnable work) {
        if (!begin(trigger)) {
            return false;
        }
        threads.keepJvmAlive(new SignalShutdownBeforeTheExit(this), deadline.exitCalledLatch());
        threads.runSequence(work);
        return true;
    }

    /** Runs the phases in order, each timed and logged; those that do not apply to the trigger are skipped. */
    public void run(List<? extends ShutdownPhase> ordered) {
        ShutdownTrigger started = record.trigger();
        for (ShutdownPhase phase : ordered) {
            if (started == null || phase.appliesTo(started)) {
                runOne(phase);
            }
        }
    }

    /** Runs one phase, timed and logged. A phase that throws is logged and the sequence goes on. */
    private void runOne(ShutdownPhase phase) {
        String name = phase.name();
        long start = record.phaseStarts(name);
        try {
            phase.run(sequence);
        } catch (RuntimeException | Error failure) {
            ShutdownRecord.phaseFailed(name, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception checked) {
            ShutdownRecord.phaseFailed(name, new IllegalStateException(checked));
        }
        record.phaseEnds(name, start);
    }

    /** Runs one phase, timed and logged. A phase that throws is logged and the sequence goes on. */
    public void runPhase(String name, Runnable work) {
        long start = record.phaseStarts(name);
        try {
            work.run();
        } catch (RuntimeException | Error failure) {
            ShutdownRecord.phaseFailed(name, failure);
        }
        record.phaseEnds(name, start);
    }

    /**
     * Ends the sequence: logs the report line and tells the observers. Call before ending the process.
     *
     * @param exitCode the exit code the process is about to end with, when known
     */
    public ShutdownReport complete(@Nullable Integer exitCode) {
        record.announce();
        // System.exit was called during the sequence: that call decides the code, which Java cannot read.
        ShutdownReport done = record.finish(ShutdownReport.Outcome.COMPLETED, jvmExiting ? null : exitCode);
        ShutdownTrigger started = record.trigger();
        // When the process exits next, the deadline stays armed: the JVM's own shutdown hooks (other
        // libraries, logging) run after this, and they are bounded by the same deadline.
        if (started != null && !started.processExits()) {
            deadline.disarm();
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
        deadline.exitRequested(code);
        try {
            exit.exit(code);
        } finally {
            deadline.exitCalled();
        }
        deadline.disarm();
    }

    /**
     * A shutdown signal arrived while a sequence may already run: {@link RepeatedSignals} decides whether it is a
     * duplicate, hurries or halts. A halt uses the exit code of the signal that started the shutdown. Returns true
     * when it halted (in tests, where halt returns).
     */
    public boolean repeatedSignal(SignalReceived signal) {
        String phase = record.currentPhase(); // before hurrying ends it
        State now = record.state();
        ShutdownTrigger started = record.trigger();
        if (now == State.RUNNING || started == null || (now == State.TERMINATED && !started.processExits())) {
            return false;
        }
        if (!repeats.halts(signal, now, started, phase)) {
            return false;
        }
        int code = exitStatus.notCompleted(started.shutdownSignal().orElseThrow());
        log.warn("{} again during the graceful shutdown (phase {}): halting now with exit code {}", signal.signal(), phase, code);
        record.finish(ShutdownReport.Outcome.FORCED, code);
        observers.endingNow(code);
        deadline.exitRequested(code);
        deadline.halting();
        try {
            exit.halt(code);
        } finally {
            deadline.exitCalled();
        }
        return true;
    }

    /**
     * The status of a sequence that completed now, per {@link ExitStatus}: clean when not hurried, every hook succeeded
     * and nothing is still held. For a shutdown a signal started.
     */
    public int completedExitCode(Signal signal) {
        return exitStatus.completed(signal, !hurried() && record.clean());
    }

    /**
     * A JVM shutdown hook: the JVM is exiting. During a sequence ({@code System.exit} from a hook, a
     * listener, anywhere) hooks stuck in that call are no longer waited for, and the report line is
     * written even if the sequence cannot end normally, bounded by the deadline.
     */
    private void jvmIsExiting() {
        if (record.state() != State.SHUTTING_DOWN) {
            return;
        }
        // System.exit from anywhere decides the code; the JVM ending on its own (its last non-daemon thread ended)
        // does not: the sequence's code stands, and the exit guard gives the process that status.
        jvmExiting = ShutdownThreads.someoneCalledSystemExit(deadline.exitingThread());
        long end = System.nanoTime() + timeLeft().toNanos();
        while (record.report() == null && System.nanoTime() - end < 0) {
            try {
                Thread.sleep(SLICE_MILLIS);
            } catch (InterruptedException interrupted) {
                break;
            }
        }
        record.finish(ShutdownReport.Outcome.COMPLETED, null);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public State state() {
        return record.state();
    }

    /** The phase running now, during a sequence. */
    public Optional<String> currentPhase() {
        return Optional.ofNullable(record.currentPhase());
    }

    /** What started the sequence, once begun. */
    public Optional<ShutdownTrigger> trigger() {
        return Optional.ofNullable(record.trigger());
    }

    /** The report, once the sequence ended. */
    public Optional<ShutdownReport> report() {
        return Optional.ofNullable(record.report());
    }

    public Duration timeout() {
        return timeout;
    }

    /** The time left before the deadline halts the sequence; zero before it began or after it passed. */
    public Duration timeLeft() {
        if (record.state() == State.RUNNING) {
            return Duration.ZERO;
        }
        Duration left = timeout.minusNanos(System.nanoTime() - record.startNanos());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Whether a repeated signal hurried the sequence. */
    public boolean hurried() {
        return repeats.hurried();
    }

    /** Whether the thread runs the sequence started by a signal (or the prepared thread that would). */
    public boolean isSequenceThread(Thread thread) {
        return threads.isSequenceThread(thread);
    }

    /**
     * The sequence as a phase sees it, for running a phase's parts outside {@link #run} (tests, plain Java use).
     * Only valid once the sequence {@linkplain #begin began}.
     */
    public ShutdownSequence sequence() {
        return sequence;
    }

    /** The narrow view handed to every phase: the clock, the trigger, the token and the record's counters. */
    private final class Sequence implements ShutdownSequence {

        @Override
        public ShutdownTrigger trigger() {
            ShutdownTrigger started = record.trigger();
            return started == null ? ShutdownTrigger.contextClose() : started;
        }

        @Override
        public Duration timeLeft() {
            return ShutdownCoordinator.this.timeLeft();
        }

        @Override
        public boolean hurried() {
            return repeats.hurried();
        }

        @Override
        public void pause(Duration duration) throws InterruptedException {
            repeats.await(TimeUnit.MILLISECONDS.toNanos(min(duration, timeLeft()).toMillis()));
        }

        @Override
        public boolean awaitUntil(BooleanSupplier done, Duration budget) throws InterruptedException {
            long end = System.nanoTime() + min(budget, timeLeft()).toNanos();
            while (!done.getAsBoolean()) {
                if (System.nanoTime() - end >= 0 || hurried()) {
                    return done.getAsBoolean();
                }
                repeats.await(TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS));
            }
            return true;
        }

        @Override
        public ShutdownToken token() {
            return token;
        }

        @Override
        public void requestCancellation() {
            token.request(trigger());
        }

        @Override
        public boolean awaitHeldWork(Duration budget) throws InterruptedException {
            return token.awaitReleased(min(budget, timeLeft()), repeats.hurry());
        }

        @Override
        public void tasksCancelled(long count) {
            record.tasksCancelled(count);
        }

        @Override
        public void stillHeld(List<String> names) {
            record.stillHeld(names);
        }

        @Override
        public long hookEndNanos(long startNanos, Duration hookTimeout) {
            long end = startNanos + hookTimeout.toNanos();
            ShutdownTrigger started = record.trigger();
            if (started != null && !started.processExits()) {
                // Never past the deadline: a close that does not end the process has no halt to bound it.
                // (When the process exits, the deadline thread halts it, with the stuck hook's stack.)
                end = Math.min(end, record.startNanos() + timeout.toNanos());
            }
            if (hurried()) {
                end = Math.min(end, repeats.hurriedHookEnd(startNanos));
            }
            return end;
        }

        @Override
        public boolean systemExitCalled() {
            return jvmExiting;
        }

        @Override
        public void hookStarted(String hook) {
            record.announce();
            observers.hookStarted(hook);
        }

        @Override
        public void hookFinished(String hook, HookOutcome outcome, Duration took) {
            record.hookFinished(hook, outcome, took);
        }

        @Override
        public String toString() {
            return "the shutdown sequence of " + ShutdownCoordinator.this;
        }
    }
}
