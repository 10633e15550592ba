package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What a {@link ShutdownPhase} sees of the running sequence, and all it sees: the clock (time left, waits that end
 * early when a repeated signal hurries), what started it, the token, and the counters and observers that the report
 * is made from. A phase cannot begin, exit or halt: only the {@link ShutdownCoordinator} does that.
 */
public interface ShutdownSequence {

    /** What started the sequence. */
    ShutdownTrigger trigger();

    /** The time left before the deadline; zero once it passed. */
    Duration timeLeft();

    /** Whether a repeated signal hurried the sequence: waits end at once, hooks get the short budget. */
    boolean hurried();

    /** Waits {@code duration} (bounded by the deadline) unless the sequence is hurried meanwhile. */
    void pause(Duration duration) throws InterruptedException;

    /**
     * Waits until {@code done} is true, up to {@code budget} and the deadline, ending early when hurried; returns what
     * {@code done} says at the end.
     */
    boolean awaitUntil(BooleanSupplier done, Duration budget) throws InterruptedException;

    /** The token running work watches; {@link #requestCancellation()} requests it. */
    ShutdownToken token();

    /** Requests the {@link ShutdownToken} with this sequence's trigger, running its callbacks on this thread. */
    void requestCancellation();

    /**
     * Waits for the work held on the token ({@link ShutdownToken#hold}) to be released, up to {@code budget} and the
     * deadline, ending early when hurried. Returns true when nothing is held.
     */
    boolean awaitHeldWork(Duration budget) throws InterruptedException;

    /** Counts tasks interrupted or never started because of the shutdown. */
    void tasksCancelled(long count);

    /** Work still held on the token when its grace period ended: named in the report. */
    void stillHeld(List<String> names);

    /**
     * When a hook that started at {@code startNanos} with this timeout stops being waited for: its timeout, cut to the
     * hurried budget once hurried, and to the deadline when the process does not exit (nothing else would bound it).
     */
    long hookEndNanos(long startNanos, Duration timeout);

    /** Whether {@code System.exit} was called during the sequence: a hook stuck in that call is not waited for. */
    boolean systemExitCalled();

    /** A hook starts; the observers are told. */
    void hookStarted(String hook);

    /** A hook ended: recorded for the report and the exit status, and the observers are told. */
    void hookFinished(String hook, HookOutcome outcome, Duration took);
}
