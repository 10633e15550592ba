package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.signal.ExitGuard;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadline of one sequence, and the end of the process below the JVM. Owns the deadline thread (made at
 * {@link #prepare}, parked until the sequence begins), arms the native {@link ExitGuard}, watches the JVM's exit once
 * the sequence called it, and at the deadline logs the stacks, writes the report if nobody did and ends the process
 * with {@code _exit}.
 */
final class Deadline {

    /** The coordinator's logger: the deadline's lines are part of the shutdown's story. */
    private static final Logger log = LoggerFactory.getLogger(ShutdownCoordinator.class);

    private final Duration timeout;
    private final ProcessExit exit;
    private final ExitStatus exitStatus;
    private final ShutdownRecord record;
    private final ShutdownObserver observers;

    /** Opened by {@link #begun}: the parked deadline thread starts counting. */
    private final CountDownLatch begun = new CountDownLatch(1);
    /** Counted down just before the process exit (or halt) is called: the deadline thread then watches it. */
    private final CountDownLatch exitRequested = new CountDownLatch(1);
    /** Counted down once the process exit (or halt) was called and returned: only a test's recorder returns. */
    private final CountDownLatch exitCalled = new CountDownLatch(1);
    private volatile @Nullable Thread exitingThread;
    private volatile @Nullable Thread thread;
    private volatile boolean disposed;

    Deadline(Duration timeout, ProcessExit exit, ExitStatus exitStatus, ShutdownRecord record, ShutdownObserver observers) {
        this.timeout = timeout;
        this.exit = exit;
        this.exitStatus = exitStatus;
        this.record = record;
        this.observers = observers;
    }

    /** Makes the exit guard's thread and the deadline thread now, while threads can be made, and parks them. */
    void prepare() {
        if (exit.endsProcess()) {
            ExitGuard.start();
        }
        Thread deadline = newThread();
        deadline.start();
        thread = deadline;
    }

    boolean prepared() {
        return thread != null;
    }

    /** The deadline thread, not started: one place makes it, so its method reference is linked by {@link #prepare()}. */
    private Thread newThread() {
        Thread deadline = new Thread(this::awaitBeginThenEnforce, "graceful-shutdown-deadline");
        deadline.setDaemon(true);
        return deadline;
    }

    /** Lets the parked thread go when no sequence began. */
    void dispose(boolean noSequence) {
        disposed = true;
        if (noSequence) {
            begun.countDown(); // the deadline thread sees no sequence and ends
        }
    }

    /**
     * The sequence began: arms the exit guard when the process ends after it, and starts counting (on the prepared
     * thread, or on one made now when it was not prepared or was let go).
     */
    void begun(ShutdownTrigger started, long startNanos) {
        if (started.processExits() && exit.endsProcess()) {
            // The process ends by the deadline, whatever the JVM does; the guard leaves the deadline thread a moment
            // to write the stacks and the report first. Handlers stay installed from now on.
            Integer fallback = fallbackExitCode(started);
            ExitGuard.processEnds(startNanos + timeout.toNanos() + ShutdownCoordinator.GUARD_AFTER_DEADLINE.toNanos(), fallback == null ? 1 : fallback);
            if (fallback != null) {
                ExitGuard.status(fallback); // until the sequence knows better: a JVM that ends on its own meanwhile ends with it
            }
        }
        if (thread == null || disposed) {
            Thread deadline = newThread();
            thread = deadline;
            deadline.start();
        }
        begun.countDown();
    }

    /** The sequence ended without ending the process: nothing is left to bound. */
    void disarm() {
        Thread deadline = thread;
        if (deadline != null) {
            deadline.interrupt();
        }
    }

    /**
     * The status of a sequence a signal started that did not complete (a halt, the deadline, a JVM that ended on its
     * own); null when no signal started it (the JVM is already exiting with a status of someone else's).
     */
    @Nullable Integer fallbackExitCode(ShutdownTrigger started) {
        return started.shutdownSignal().isPresent() ? Integer.valueOf(exitStatus.notCompleted(started.shutdownSignal().get())) : null;
    }

    /** The exit is about to be called on this thread: the deadline thread watches it from now on. */
    void exitRequested(int code) {
        exitingThread = Thread.currentThread();
        if (exit.endsProcess()) {
            ExitGuard.status(code);
        }
        exitRequested.countDown();
    }

    /** The exit (or halt) was called and returned, or is about to end the process. */
    void exitCalled() {
        exitCalled.countDown();
    }

    /** Opened once the exit was called: what the keep-alive thread waits for. */
    CountDownLatch exitCalledLatch() {
        return exitCalled;
    }

    /** The thread that called the exit, if any: its own {@code System.exit} is not someone else's. */
    @Nullable Thread exitingThread() {
        return exitingThread;
    }

    /** A halt is about to be called: {@code Runtime.halt} waits for a JVM exit under way, so the guard bounds it. */
    void halting() {
        if (exit.endsProcess()) {
            ExitGuard.endBy(System.nanoTime() + ShutdownCoordinator.STUCK_EXIT_GRACE.toNanos());
        }
    }

    private void awaitBeginThenEnforce() {
        try {
            begun.await();
        } catch (InterruptedException disposedOf) {
            return;
        }
        if (record.state() != ShutdownCoordinator.State.RUNNING) {
            enforce();
        }
    }

    private void enforce() {
        long deadline = record.startNanos() + timeout.toNanos();
        try {
            if (exitRequested.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                watchTheExit(deadline);
            }
        } catch (InterruptedException completed) {
            return;
        }
        ShutdownTrigger started = Objects.requireNonNull(record.trigger());
        ShutdownReport done = record.report();
        if (done != null && !started.processExits()) {
            return;
        }
        // One line, then the report, then the stacks: the report matters most, and a long dump on a loaded machine
        // can outlast the exit guard's second after the deadline.
        String phase = record.currentPhase();
        if (done == null) {
            log.error("Graceful shutdown passed its deadline of {} ms in phase {}; the stacks of the threads still running follow"
                    + " the report", timeout.toMillis(), phase);
        } else {
            log.error("The graceful shutdown completed, but the JVM has not exited within the deadline of {} ms: its shutdown"
                    + " hooks are still running, or its exit is stuck. Ending the process now; the stacks follow", timeout.toMillis());
        }
        Integer fallback = started.processExits() ? fallbackExitCode(started) : null;
        // The report is written once: a sequence that completed keeps its report and its exit code.
        ShutdownReport made = record.finish(ShutdownReport.Outcome.DEADLINE, fallback);
        log.error("Threads still running at the deadline{}:\n{}", phase == null ? "" : " (phase " + phase + ")", ShutdownThreads.threadDump());
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
     * {@link ShutdownCoordinator#STUCK_EXIT_GRACE} from then. A healthy JVM ends in that step within milliseconds.
     */
    private void watchTheExit(long deadline) throws InterruptedException {
        boolean guardBroughtNearer = false;
        while (deadline - System.nanoTime() > 0) {
            Thread exiting = exitingThread;
            if (!guardBroughtNearer && exiting != null && ShutdownThreads.inTheJvmsLastExitStep(exiting)) {
                guardBroughtNearer = true;
                if (exit.endsProcess()) {
                    ExitGuard.endBy(System.nanoTime() + ShutdownCoordinator.STUCK_EXIT_GRACE.toNanos());
                }
            }
            Thread.sleep(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        }
    }
}
