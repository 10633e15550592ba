package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import dev.gracefulsignals.signal.ExitGuard;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Runs one shutdown sequence exactly once, whatever starts it, and keeps it bounded and observable:
 * it orders the {@link ShutdownPhase}s and keeps time. Phases are timed and logged, hooks run under
 * their own timeouts, a deadline watchdog logs the stacks of the threads still running and halts the
 * process when the whole sequence overruns, a repeated shutdown signal hurries or halts it (see
 * {@link RepeatPolicy}), and one report line is logged at the end in every case.
 *
 * <p>{@link #prepare()} starts the threads a shutdown needs (the sequence's and the deadline's) and
 * parks them, so that no shortage of threads or memory when the signal arrives can stop them.
 *
 * <p>What runs after the signal uses loops and named classes, not lambdas, method references or
 * streams: linking a lambda the first time costs about a millisecond, and that is the exit's time.
 */
public final class ShutdownCoordinator {

    private static final Logger log = LoggerFactory.getLogger(ShutdownCoordinator.class);
    /** How often waits look at the hurry flag, the held work and the JVM's exit. */
    private static final long SLICE_MILLIS = 20;
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

    /**
     * A hook with the name it is reported under and its order; with concurrent hooks on, hooks of equal
     * order run at the same time.
     */
    public record NamedHook(String name, int order, ShutdownHook hook) {

        /** A hook in a sequence where order does not group hooks. */
        public NamedHook(String name, ShutdownHook hook) {
            this(name, 0, hook);
        }
    }

    /** How repeated signals are treated: the policy, the window that merges duplicates, and a hurried hook's budget. */
    public record Repeats(RepeatPolicy policy, Duration window, Duration hurriedHookTimeout) {

        /** The defaults: hurry, then halt; duplicates within 1 s merged; hurried hooks get 1 s each. */
        public static Repeats defaults() {
            return new Repeats(RepeatPolicy.HURRY, Duration.ofSeconds(1), Duration.ofSeconds(1));
        }
    }

    private final Duration timeout;
    private final Repeats repeats;
    private final ExitStatus exitStatus;
    private final ProcessExit exit;
    private final ShutdownToken token;
    private final AllObservers observers;

    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final List<ShutdownReport.Phase> phases = new ArrayList<>();
    private final List<ShutdownReport.Hook> hooks = new ArrayList<>();
    private final List<String> stillHeld = new ArrayList<>();
    private final AtomicLong tasksCancelled = new AtomicLong();
    private final AtomicReference<@Nullable ShutdownReport> report = new AtomicReference<>();
    private final AtomicBoolean announced = new AtomicBoolean();
    private volatile @Nullable ShutdownTrigger trigger;
    private volatile @Nullable String currentPhase;
    private volatile long startNanos;

    /** Opened by {@link #begin}: the parked deadline thread starts counting. */
    private final CountDownLatch begun = new CountDownLatch(1);
    /** Hands the sequence's work to the parked sequence thread; null work means "stand down". */
    private final AtomicReference<@Nullable Runnable> sequenceWork = new AtomicReference<>();
    private final CountDownLatch sequenceHandedOver = new CountDownLatch(1);
    private volatile boolean disposed;
    private volatile @Nullable Thread watchdog;
    private volatile @Nullable Thread sequenceThread;
    private volatile @Nullable Thread jvmExitWatch;
    /** Keeps the JVM up during a signal's shutdown; see {@link #prepareKeepAlive()}. */
    private volatile @Nullable Thread keeper;

    /** Opened by the first repeat: waits end early, hooks get the short budget. */
    private final CountDownLatch hurry = new CountDownLatch(1);
    /** Counted down once the process exit (or halt) was called and returned: only a test's recorder returns. */
    private final CountDownLatch exitCalled = new CountDownLatch(1);
    /** Counted down just before the process exit (or halt) is called: the deadline thread then watches it. */
    private final CountDownLatch exitRequested = new CountDownLatch(1);
    private volatile @Nullable Thread exitingThread;
    private volatile long hurriedAtNanos;
    /** The JVM began to exit during the sequence ({@code System.exit} from a hook, a listener, anywhere). */
    private volatile boolean jvmExiting;
    private final Object repeatLock = new Object();
    private long lastCountedSignalNanos;
    private int repeatsCounted;
    private long duplicatesMerged;

    /**
     * @param timeout  the deadline for the whole sequence
     * @param repeats  what repeated shutdown signals do
     * @param exitStatus which status the process ends with after a shutdown signal
     * @param exit     how the process ends
     * @param token    the token to request at {@link #requestCancellation()}
     * @param observers told of every step
     */
    public ShutdownCoordinator(Duration timeout, Repeats repeats, ExitStatus exitStatus, ProcessExit exit, ShutdownToken token,
                               List<ShutdownObserver> observers) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The shutdown timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
        this.repeats = Objects.requireNonNull(repeats, "repeats");
        this.exitStatus = Objects.requireNonNull(exitStatus, "exitStatus");
        this.exit = Objects.requireNonNull(exit, "exit");
        this.token = Objects.requireNonNull(token, "token");
        this.observers = new AllObservers(observers);
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
        if (watchdog != null || disposed) {
            return;
        }
        if (exit.endsProcess()) {
            ExitGuard.start(); // its thread is made now, while threads can be made
        }
        Thread deadline = deadlineThread();
        // Daemon while parked so an application whose main returns still ends; begin() keeps the JVM up.
        Thread sequence = new Thread(this::awaitSequenceWork, "graceful-shutdown");
        sequence.setDaemon(true);
        Thread exitWatch = new Thread(this::jvmIsExiting, "graceful-shutdown-exit-report");
        deadline.start();
        sequence.start();
        watchdog = deadline;
        sequenceThread = sequence;
        Runtime.getRuntime().addShutdownHook(exitWatch);
        jvmExitWatch = exitWatch;
    }

    /** The deadline thread, not started: one place makes it, so its method reference is linked by {@link #prepare()}. */
    private Thread deadlineThread() {
        Thread deadline = new Thread(this::awaitBeginThenEnforceDeadline, "graceful-shutdown-deadline");
        deadline.setDaemon(true);
        return deadline;
    }

    /**
     * Lets the parked threads go when they were not used (the context closes without a shutdown, or
     * closes from its own thread), and stops watching for the JVM's exit. Call when the context is destroyed.
     */
    public synchronized void dispose() {
        disposed = true;
        if (state.get() == State.RUNNING) {
            begun.countDown(); // the deadline thread sees no sequence and ends
        }
        sequenceHandedOver.countDown(); // the sequence thread ends at once unless it was handed the sequence
        Thread keeping = keeper;
        if (keeping != null && !signalShutdownBeforeTheExit()) {
            keeping.interrupt(); // no signal's shutdown to keep the JVM up for: it ends
        }
        Thread exitWatch = jvmExitWatch;
        if (exitWatch != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitWatch);
            } catch (IllegalStateException alreadyExiting) {
                // the hook runs and writes the report if the sequence cannot
            }
        }
    }

    /**
     * Begins the sequence. Returns false, doing nothing, when it already began: the sequence runs
     * exactly once per coordinator. Cheap: it may run on the signal dispatcher thread.
     */
    public boolean begin(ShutdownTrigger trigger) {
        synchronized (state) {
            if (state.get() != State.RUNNING) {
                return false;
            }
            this.startNanos = System.nanoTime();
            this.trigger = trigger;
            // Before the state: a second signal on another lane that sees SHUTTING_DOWN must measure its
            // repeat window from this start, not from zero (TERM and INT together would otherwise hurry).
            this.lastCountedSignalNanos = startNanos;
            state.set(State.SHUTTING_DOWN); // volatile: whoever sees SHUTTING_DOWN sees the start time and trigger
        }
        synchronized (repeatLock) {
            if (trigger.signal() != null && trigger.signal().count() > 1) {
                duplicatesMerged += trigger.signal().count() - 1;
            }
        }
        if (trigger.processExits() && exit.endsProcess()) {
            // The process ends by the deadline, whatever the JVM does; the guard leaves the deadline thread a moment
            // to write the stacks and the report first. Handlers stay installed from now on.
            Integer fallback = fallbackExitCode(trigger);
            ExitGuard.processEnds(startNanos + timeout.toNanos() + GUARD_AFTER_DEADLINE.toNanos(), fallback == null ? 1 : fallback);
            if (fallback != null) {
                ExitGuard.status(fallback); // until the sequence knows better: a JVM that ends on its own meanwhile ends with it
            }
        }
        if (watchdog == null || disposed) {
            // Not prepared, or the prepared threads were let go (plain Java use, tests): start the deadline thread now.
            Thread deadline = deadlineThread();
            watchdog = deadline;
            deadline.start();
        }
        begun.countDown();
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
        keepJvmAlive();
        Thread prepared = sequenceThread;
        if (prepared != null && prepared.isAlive() && !disposed && sequenceWork.compareAndSet(null, work)) {
            sequenceHandedOver.countDown();
        } else {
            Thread sequence = new Thread(work, "graceful-shutdown");
            sequenceThread = sequence;
            sequence.start();
        }
        return true;
    }

    private void awaitSequenceWork() {
        try {
            sequenceHandedOver.await();
        } catch (InterruptedException interrupted) {
            return;
        }
        Runnable work = sequenceWork.get();
        if (work != null) {
            work.run();
        }
    }

    /**
     * Makes, now, the thread that keeps the JVM up during a signal's shutdown, when the application has non-daemon
     * threads of its own (a web server's): the shutdown itself ends them (stop-intake stops the server), and a JVM
     * whose last non-daemon thread ended ends on its own, cutting the hooks and the report. Made before any signal,
     * so a process at its pids limit still has it. Until a signal's shutdown begins it only waits for those threads
     * and ends when they have, so an application that ends on its own still does; a signal then turns it into the
     * keep-alive. Call when the application is started (its threads exist), before the signals are taken.
     */
    public synchronized void prepareKeepAlive() {
        if (keeper != null || disposed || state.get() != State.RUNNING) {
            return;
        }
        List<Thread> nonDaemon = nonDaemonThreadsButThisOne();
        if (nonDaemon.isEmpty()) {
            return; // nothing keeps the JVM up but the caller (main): a keeper now would keep it from ending
        }
        Thread made = new Thread(new KeepAlive(this, nonDaemon), "graceful-shutdown-keep-alive");
        made.setDaemon(false);
        made.start();
        keeper = made;
    }

    private static List<Thread> nonDaemonThreadsButThisOne() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int count = root.enumerate(all, true);
        List<Thread> found = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread thread = all[i];
            if (thread != Thread.currentThread() && !thread.isDaemon() && thread.isAlive() && !thread.getName().equals("DestroyJavaVM")) {
                found.add(thread);
            }
        }
        return found;
    }

    /**
     * The parked sequence thread is a daemon; a non-daemon companion keeps the JVM up until the sequence
     * has called the process exit, even if every other non-daemon thread (the web server's) ends
     * meanwhile. Not until the report is written: the report comes just before the exit, and a JVM
     * that ended in between would exit 0, not with the sequence's code. Bounded by the deadline, which
     * halts a sequence that never gets to its exit. The one {@link #prepareKeepAlive()} made is woken into
     * that role; without one a thread is made now, best effort: if none can be made, the sequence still runs
     * (and the native exit guard still gives the process the sequence's status).
     */
    private void keepJvmAlive() {
        Thread prepared = keeper;
        if (prepared != null && prepared.isAlive()) {
            prepared.interrupt(); // from waiting for the application's threads to waiting for the exit
            return;
        }
        try {
            Thread made = new Thread(new KeepAlive(this, List.of()), "graceful-shutdown-keep-alive");
            made.setDaemon(false);
            made.start();
            keeper = made;
        } catch (Throwable noThread) { // OutOfMemoryError "unable to create native thread" included: the sequence matters more
            log.warn("Could not start the thread that keeps the JVM up during the shutdown ({}); the shutdown goes on", noThread.toString());
        }
    }

    /** Whether a signal's shutdown runs that has yet to call the process exit: the keep-alive's reason to be. */
    private boolean signalShutdownBeforeTheExit() {
        ShutdownTrigger started = trigger;
        return started != null && started.kind() == ShutdownTrigger.Kind.SIGNAL && exitCalled.getCount() > 0;
    }

    /**
     * The keep-alive thread's work: waits for the application's own non-daemon threads while no shutdown runs (an
     * interrupt ends that: a signal's shutdown began, or the context was disposed of), then, during a signal's
     * shutdown, until the process exit was called.
     */
    private static final class KeepAlive implements Runnable {

        private final ShutdownCoordinator coordinator;
        private final List<Thread> whileRunning;

        KeepAlive(ShutdownCoordinator coordinator, List<Thread> whileRunning) {
            this.coordinator = coordinator;
            this.whileRunning = whileRunning;
        }

        @Override
        public void run() {
            try {
                for (Thread thread : whileRunning) {
                    thread.join();
                }
            } catch (InterruptedException shutdownOrDisposed) {
                // look at what happened below
            }
            while (coordinator.signalShutdownBeforeTheExit()) {
                try {
                    coordinator.exitCalled.await();
                } catch (InterruptedException late) {
                    // a second wake-up: the condition above decides
                }
            }
        }
    }

    /** Logs the start and tells the observers, once, on the first step of the sequence. */
    private void announce() {
        if (announced.compareAndSet(false, true)) {
            ShutdownTrigger started = Objects.requireNonNull(trigger);
            log.info("Graceful shutdown started by {} (deadline {} s)", started, timeout.toMillis() / 1000.0);
            observers.started(started);
        }
    }

    /** Runs the phases in order, each timed and logged. A phase that throws is logged and the sequence goes on. */
    public void run(List<? extends ShutdownPhase> ordered) {
        for (ShutdownPhase phase : ordered) {
            String name = phase.name();
            long start = phaseStarts(name);
            try {
                phase.run(this);
            } catch (RuntimeException | Error failure) {
                phaseFailed(name, failure);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } catch (Exception checked) {
                phaseFailed(name, new IllegalStateException(checked));
            }
            phaseEnds(name, start);
        }
    }

    /** Runs one phase, timed and logged. A phase that throws is logged and the sequence goes on. */
    public void runPhase(String name, Runnable work) {
        long start = phaseStarts(name);
        try {
            work.run();
        } catch (RuntimeException | Error failure) {
            phaseFailed(name, failure);
        }
        phaseEnds(name, start);
    }

    /** Announces the phase; returns its start time. */
    private long phaseStarts(String name) {
        announce();
        currentPhase = name;
        observers.phaseStarted(name);
        log.info("Graceful shutdown: {}", name);
        return System.nanoTime();
    }

    private static void phaseFailed(String name, Throwable failure) {
        log.error("Graceful shutdown phase {} failed; the sequence goes on", name, failure);
    }

    /** Records the phase's time in the report and tells the observers. */
    private void phaseEnds(String name, long start) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        synchronized (phases) {
            phases.add(new ShutdownReport.Phase(name, took));
        }
        observers.phaseFinished(name, took);
    }

    /** Requests the {@link ShutdownToken}, running its callbacks on this thread. */
    public void requestCancellation() {
        ShutdownTrigger current = trigger;
        token.request(current == null ? ShutdownTrigger.contextClose() : current);
    }

    /**
     * Waits for the work held on the token ({@link ShutdownToken#hold}) to be released, up to
     * {@code grace} and the deadline, ending early when hurried. What is still held then goes in the
     * report. Returns true when nothing is held.
     */
    public boolean awaitHeldWork(Duration grace) throws InterruptedException {
        if (token.heldCount() == 0) {
            return true;
        }
        log.info("Graceful shutdown: waiting up to {} ms for held work {}", grace.toMillis(), token.heldNames());
        if (token.awaitReleased(min(grace, timeLeft()), hurry)) {
            return true;
        }
        List<String> names = token.heldNames();
        log.warn("Graceful shutdown: work still held after {} ms{}: {}; going on", grace.toMillis(), hurried() ? " (hurried)" : "", names);
        synchronized (phases) {
            stillHeld.addAll(names);
        }
        return false;
    }

    /** The token the sequence requests at stop-intake. */
    public ShutdownToken token() {
        return token;
    }

    /** Counts tasks interrupted or never started because of the shutdown. */
    public void addCancelledTasks(long count) {
        tasksCancelled.addAndGet(count);
        if (count > 0) {
            observers.tasksCancelled(count);
        }
    }

    /** Waits {@code duration} (bounded by the deadline) unless the sequence is hurried meanwhile. */
    public void pause(Duration duration) throws InterruptedException {
        hurry.await(min(duration, timeLeft()).toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until {@code done} is true, up to {@code budget} and the deadline, ending early when hurried;
     * returns what {@code done} says at the end.
     */
    public boolean awaitUntil(BooleanSupplier done, Duration budget) throws InterruptedException {
        long end = System.nanoTime() + min(budget, timeLeft()).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - end >= 0 || hurried()) {
                return done.getAsBoolean();
            }
            hurry.await(SLICE_MILLIS, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Whether a repeated signal hurried the sequence. */
    public boolean hurried() {
        return hurry.getCount() == 0;
    }

    /**
     * Runs the hooks by order, each on its own thread bounded by its timeout (or the default). One that
     * throws or times out is logged, a timed-out one is interrupted and abandoned, and the next runs.
     * With {@code concurrentEqualOrder}, hooks of equal order run at the same time, each under its own timeout.
     */
    public void runHooks(List<NamedHook> ordered, Duration defaultTimeout, boolean concurrentEqualOrder) {
        announce();
        for (List<NamedHook> group : hookGroups(ordered, concurrentEqualOrder)) {
            runTogether(group, defaultTimeout);
        }
    }

    /**
     * The hooks grouped as {@link #runHooks(List, Duration, boolean)} runs them: each group after the previous one
     * ends, the hooks of a group at the same time. Without {@code concurrentEqualOrder} every hook is a group of
     * its own; with it, neighbouring hooks of equal order share one.
     */
    public static List<List<NamedHook>> hookGroups(List<NamedHook> ordered, boolean concurrentEqualOrder) {
        List<List<NamedHook>> groups = new ArrayList<>();
        int i = 0;
        while (i < ordered.size()) {
            int end = i + 1;
            while (concurrentEqualOrder && end < ordered.size() && ordered.get(end).order() == ordered.get(i).order()) {
                end++;
            }
            groups.add(ordered.subList(i, end));
            i = end;
        }
        return groups;
    }

    /** Runs the hooks one by one in order. */
    public void runHooks(List<NamedHook> ordered, Duration defaultTimeout) {
        runHooks(ordered, defaultTimeout, false);
    }

    private void runTogether(List<NamedHook> group, Duration defaultTimeout) {
        List<RunningHook> running = new ArrayList<>(group.size());
        for (NamedHook named : group) {
            RunningHook hook = new RunningHook(named, named.hook().timeout().orElse(defaultTimeout));
            observers.hookStarted(named.name());
            hook.start();
            running.add(hook);
        }
        for (RunningHook hook : running) {
            hook.await();
            hook.record();
        }
    }

    /** One hook on its own thread (it is that thread's work), and how it ended. */
    private final class RunningHook implements Runnable {
        private final NamedHook named;
        private final Duration limit;
        private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        private final Thread runner;
        private long startNanos;
        private @Nullable HookOutcome outcome;
        private Duration took = Duration.ZERO;

        RunningHook(NamedHook named, Duration limit) {
            this.named = named;
            this.limit = limit;
            this.runner = new Thread(this, "graceful-shutdown-hook-" + named.name());
            runner.setDaemon(true);
        }

        /** Runs the hook, keeping what it threw. */
        @Override
        public void run() {
            try {
                named.hook().run();
            } catch (Throwable thrown) {
                failure.set(thrown);
            }
        }

        void start() {
            startNanos = System.nanoTime();
            try {
                runner.start();
            } catch (OutOfMemoryError noThread) {
                // No thread can be made now (a pids limit, no memory): the hook still runs, here, bounded by the deadline only.
                log.warn("Could not start a thread for shutdown hook {} ({}); running it on the sequence thread", named.name(),
                        noThread.toString());
                run();
            }
        }

        /** Waits for the hook within its limit, the hurried budget and the deadline; a hook stuck in System.exit is not waited for. */
        void await() {
            try {
                while (runner.isAlive()) {
                    long now = System.nanoTime();
                    long end = startNanos + limit.toNanos();
                    ShutdownTrigger started = trigger;
                    if (started != null && !started.processExits()) {
                        // Never past the deadline: a close that does not end the process has no halt to bound it.
                        // (When the process exits, the deadline thread halts it, with the stuck hook's stack.)
                        end = Math.min(end, ShutdownCoordinator.this.startNanos + timeout.toNanos());
                    }
                    if (hurried()) {
                        end = Math.min(end, Math.max(startNanos, hurriedAtNanos) + repeats.hurriedHookTimeout().toNanos());
                    }
                    if (now - end >= 0 || (jvmExiting && callsSystemExit(runner))) {
                        break;
                    }
                    runner.join(Math.max(1, Math.min(SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(end - now))));
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            took = Duration.ofNanos(System.nanoTime() - startNanos);
            if (runner.isAlive() && jvmExiting && callsSystemExit(runner)) {
                outcome = HookOutcome.SUCCESS;
                log.info("Shutdown hook {} called System.exit after {} ms; going on with the next hook", named.name(), took.toMillis());
            } else if (runner.isAlive()) {
                runner.interrupt();
                outcome = HookOutcome.TIMEOUT;
                log.error("Shutdown hook {} did not finish within {} ms{}; interrupted it and going on with the next hook",
                        named.name(), took.toMillis(), hurried() ? " (hurried by a repeated signal)" : "");
            } else if (failure.get() != null) {
                outcome = HookOutcome.FAILURE;
                log.error("Shutdown hook {} failed; going on with the next hook", named.name(), failure.get());
            } else {
                outcome = HookOutcome.SUCCESS;
                log.info("Shutdown hook {} done in {} ms", named.name(), took.toMillis());
            }
        }

        void record() {
            HookOutcome ended = Objects.requireNonNull(outcome);
            synchronized (phases) {
                hooks.add(new ShutdownReport.Hook(named.name(), ended, took));
            }
            observers.hookFinished(named.name(), ended, took);
        }
    }

    /** Whether a thread other than the sequence's own exit is inside {@code System.exit}. */
    private boolean someoneCalledSystemExit() {
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            if (entry.getKey() != exitingThread && callsSystemExit(entry.getKey(), entry.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the thread is inside {@code System.exit}, waiting for the JVM's shutdown hooks. */
    private static boolean callsSystemExit(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals("java.lang.Shutdown")) {
                return true;
            }
        }
        return false;
    }

    /** Whether these frames are a {@code System.exit} call ({@code Runtime.exit}), not the JVM ending on its own ({@code Shutdown.shutdown}). */
    private static boolean callsSystemExit(Thread thread, StackTraceElement[] frames) {
        for (StackTraceElement frame : frames) {
            if (frame.getMethodName().equals("exit")
                    && (frame.getClassName().equals("java.lang.Runtime") || frame.getClassName().equals("java.lang.Shutdown"))) {
                return thread.isAlive();
            }
        }
        return false;
    }

    /**
     * Ends the sequence: logs the report line and tells the observers. Call before ending the process.
     *
     * @param exitCode the exit code the process is about to end with, when known
     */
    public ShutdownReport complete(@Nullable Integer exitCode) {
        announce();
        // System.exit was called during the sequence: that call decides the code, which Java cannot read.
        ShutdownReport done = finish(ShutdownReport.Outcome.COMPLETED, jvmExiting ? null : exitCode);
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
        exitRequested(code);
        try {
            exit.exit(code);
        } finally {
            exitCalled.countDown();
        }
        Thread deadline = watchdog;
        if (deadline != null) {
            deadline.interrupt();
        }
    }

    /**
     * A shutdown signal arrived while a sequence may already run. Inside the repeat window after the
     * last counted signal it is a duplicate: merged, counted and logged. A signal during a shutdown
     * that no signal started never hurries or halts it. Otherwise the {@link RepeatPolicy} decides:
     * hurry first, then halt. A halt uses the exit code of the signal that started the shutdown.
     * Returns true when it halted (in tests, where halt returns).
     */
    public boolean repeatedSignal(SignalReceived signal) {
        String phase = currentPhase; // before hurrying ends it
        State now = state.get();
        ShutdownTrigger started = trigger;
        if (now == State.RUNNING || started == null || (now == State.TERMINATED && !started.processExits())) {
            return false;
        }
        if (started.kind() != ShutdownTrigger.Kind.SIGNAL) {
            log.warn("{} during a shutdown started by {}: the shutdown goes on unchanged (only a shutdown a signal started is hurried by one)",
                    signal.signal(), started.label());
            return false;
        }
        int code = exitStatus.notCompleted(started.shutdownSignal().orElseThrow());
        boolean halt;
        synchronized (repeatLock) {
            long arrived = System.nanoTime();
            if (arrived - lastCountedSignalNanos < repeats.window().toNanos()) {
                duplicatesMerged += signal.count();
                log.info("{} {} ms after the last shutdown signal, inside the {} ms repeat window: merged as a duplicate ({} merged so far)",
                        signal.signal(), TimeUnit.NANOSECONDS.toMillis(arrived - lastCountedSignalNanos), repeats.window().toMillis(),
                        duplicatesMerged);
                return false;
            }
            lastCountedSignalNanos = arrived;
            repeatsCounted++;
            halt = switch (repeats.policy()) {
                case HALT -> true;
                case HURRY -> repeatsCounted > 1 || now == State.TERMINATED;
                case IGNORE -> false;
            };
        }
        if (repeats.policy() == RepeatPolicy.IGNORE) {
            log.warn("{} again during the graceful shutdown (phase {}): ignored (graceful.shutdown.on-repeat=ignore)", signal.signal(), phase);
            return false;
        }
        if (!halt) {
            hurriedAtNanos = System.nanoTime();
            hurry.countDown();
            log.warn("{} again during the graceful shutdown (phase {}): hurrying; the rest of the drain delay and of the waits"
                    + " for in-flight work are skipped, each hook gets at most {} ms; one more halts at once",
                    signal.signal(), phase, repeats.hurriedHookTimeout().toMillis());
            return false;
        }
        log.warn("{} again during the graceful shutdown (phase {}): halting now with exit code {}", signal.signal(), phase, code);
        finish(ShutdownReport.Outcome.FORCED, code);
        observers.endingNow(code);
        exitRequested(code);
        if (exit.endsProcess()) {
            // Runtime.halt waits for a JVM exit under way; if that exit is stuck, so would the halt be.
            ExitGuard.endBy(System.nanoTime() + STUCK_EXIT_GRACE.toNanos());
        }
        try {
            exit.halt(code);
        } finally {
            exitCalled.countDown();
        }
        return true;
    }

    /**
     * The status of a sequence a signal started that did not complete (a halt, the deadline, a JVM that ended on its
     * own); null when no signal started it (the JVM is already exiting with a status of someone else's).
     */
    private @Nullable Integer fallbackExitCode(ShutdownTrigger started) {
        Optional<Signal> signal = started.shutdownSignal();
        return signal.isPresent() ? Integer.valueOf(exitStatus.notCompleted(signal.get())) : null;
    }

    /**
     * The status of a sequence that completed now, per {@link ExitStatus}: clean when not hurried, every hook succeeded
     * and nothing is still held. For a shutdown a signal started.
     */
    public int completedExitCode(Signal signal) {
        boolean clean = !hurried();
        synchronized (phases) {
            clean &= stillHeld.isEmpty();
            for (ShutdownReport.Hook hook : hooks) {
                clean &= hook.outcome() == HookOutcome.SUCCESS;
            }
        }
        return exitStatus.completed(signal, clean);
    }

    /** The exit is about to be called on this thread: the deadline thread watches it from now on. */
    private void exitRequested(int code) {
        exitingThread = Thread.currentThread();
        if (exit.endsProcess()) {
            ExitGuard.status(code);
        }
        exitRequested.countDown();
    }

    private void awaitBeginThenEnforceDeadline() {
        try {
            begun.await();
        } catch (InterruptedException disposedOf) {
            return;
        }
        if (state.get() != State.RUNNING) {
            enforceDeadline();
        }
    }

    private void enforceDeadline() {
        long deadline = startNanos + timeout.toNanos();
        try {
            if (exitRequested.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                watchTheExit(deadline);
            }
        } catch (InterruptedException completed) {
            return;
        }
        ShutdownTrigger started = Objects.requireNonNull(trigger);
        ShutdownReport done = report.get();
        if (done != null && !started.processExits()) {
            return;
        }
        // One line, then the report, then the stacks: the report matters most, and a long dump on a loaded machine
        // can outlast the exit guard's second after the deadline.
        String phase = currentPhase;
        if (done == null) {
            log.error("Graceful shutdown passed its deadline of {} ms in phase {}; the stacks of the threads still running follow"
                    + " the report", timeout.toMillis(), phase);
        } else {
            log.error("The graceful shutdown completed, but the JVM has not exited within the deadline of {} ms: its shutdown"
                    + " hooks are still running, or its exit is stuck. Ending the process now; the stacks follow", timeout.toMillis());
        }
        Integer fallback = started.processExits() ? fallbackExitCode(started) : null;
        // The report is written once: a sequence that completed keeps its report and its exit code.
        ShutdownReport made = finish(ShutdownReport.Outcome.DEADLINE, fallback);
        log.error("Threads still running at the deadline{}:\n{}", phase == null ? "" : " (phase " + phase + ")", threadDump());
        if (started.processExits()) {
            int code = made.exitCode() != null ? made.exitCode() : fallback != null ? fallback : 1;
            observers.endingNow(code);
            try {
                exit.exitNow(code); // not Runtime.halt: it waits for the lock a stuck JVM exit holds
            } finally {
                exitCalled.countDown();
            }
        }
    }

    /**
     * The process exit was called: waits for the deadline, and when the JVM's exit is in its last, native step
     * ({@code Shutdown.halt0}: every shutdown hook done) or blocked entering it, brings the exit guard's deadline to
     * {@link #STUCK_EXIT_GRACE} from then. A healthy JVM ends in that step within milliseconds.
     */
    private void watchTheExit(long deadline) throws InterruptedException {
        boolean guardBroughtNearer = false;
        while (deadline - System.nanoTime() > 0) {
            Thread exiting = exitingThread;
            if (!guardBroughtNearer && exiting != null && inTheJvmsLastExitStep(exiting)) {
                guardBroughtNearer = true;
                if (exit.endsProcess()) {
                    ExitGuard.endBy(System.nanoTime() + STUCK_EXIT_GRACE.toNanos());
                }
            }
            Thread.sleep(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        }
    }

    /** Whether the thread is in {@code java.lang.Shutdown}'s halt: the hooks have run, only the JVM's native exit is left. */
    private static boolean inTheJvmsLastExitStep(Thread thread) {
        StackTraceElement[] frames = thread.getStackTrace();
        if (frames.length == 0 || !frames[0].getClassName().equals("java.lang.Shutdown")) {
            return false;
        }
        String method = frames[0].getMethodName();
        return method.equals("halt0") || method.equals("halt") || method.equals("beforeHalt");
    }

    /**
     * A JVM shutdown hook: the JVM is exiting. During a sequence ({@code System.exit} from a hook, a
     * listener, anywhere) hooks stuck in that call are no longer waited for, and the report line is
     * written even if the sequence cannot end normally, bounded by the deadline.
     */
    private void jvmIsExiting() {
        if (state.get() != State.SHUTTING_DOWN) {
            return;
        }
        // System.exit from anywhere decides the code; the JVM ending on its own (its last non-daemon thread ended)
        // does not: the sequence's code stands, and the exit guard gives the process that status.
        jvmExiting = someoneCalledSystemExit();
        long end = System.nanoTime() + timeLeft().toNanos();
        while (report.get() == null && System.nanoTime() - end < 0) {
            try {
                Thread.sleep(SLICE_MILLIS);
            } catch (InterruptedException interrupted) {
                break;
            }
        }
        finish(ShutdownReport.Outcome.COMPLETED, null);
    }

    private ShutdownReport finish(ShutdownReport.Outcome outcome, @Nullable Integer exitCode) {
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
        state.set(State.TERMINATED);
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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

    /** Whether the thread runs the sequence started by a signal (or the prepared thread that would). */
    public boolean isSequenceThread(Thread thread) {
        return thread == sequenceThread;
    }
}
