package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a second TERM does. A shutdown signal during a shutdown a signal started is, inside the repeat window after
 * the last counted one, a duplicate: merged, counted and logged. Past the window it counts, and the
 * {@link RepeatPolicy} decides: {@code hurry} first (waits end, hooks get the short budget), then halt; or halt at
 * once; or ignore. A signal during a shutdown that no signal started never hurries or halts it. The halt itself is
 * the coordinator's: this class only decides.
 */
final class RepeatedSignals {

    /** The coordinator's logger: these lines are part of the shutdown's story. */
    private static final Logger log = LoggerFactory.getLogger(ShutdownCoordinator.class);

    private final ShutdownCoordinator.Repeats repeats;
    /** Opened by the first repeat: waits end early, hooks get the short budget. */
    private final CountDownLatch hurry = new CountDownLatch(1);
    private volatile long hurriedAtNanos;
    private final Object lock = new Object();
    private long lastCountedSignalNanos;
    private int repeatsCounted;
    private long duplicatesMerged;

    RepeatedSignals(ShutdownCoordinator.Repeats repeats) {
        this.repeats = repeats;
    }

    /**
     * The sequence begins now. Called before the sequence is seen as begun: a second signal on another lane must measure
     * its window from this start, not from zero (TERM and INT together would otherwise hurry).
     */
    void begun(long startNanos, ShutdownTrigger trigger) {
        synchronized (lock) {
            lastCountedSignalNanos = startNanos;
            if (trigger.signal() != null && trigger.signal().count() > 1) {
                duplicatesMerged += trigger.signal().count() - 1;
            }
        }
    }

    /**
     * A shutdown signal arrived during a sequence in {@code state}, started by {@code started}, in {@code phase}.
     * Returns true when the process must halt now.
     */
    boolean halts(SignalReceived signal, ShutdownCoordinator.State state, ShutdownTrigger started, @Nullable String phase) {
        if (started.kind() != ShutdownTrigger.Kind.SIGNAL) {
            log.warn("{} during a shutdown started by {}: the shutdown goes on unchanged (only a shutdown a signal started is hurried by one)",
                    signal.signal(), started.label());
            return false;
        }
        boolean halt;
        synchronized (lock) {
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
                case HURRY -> repeatsCounted > 1 || state == ShutdownCoordinator.State.TERMINATED;
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
        }
        return halt;
    }

    boolean hurried() {
        return hurry.getCount() == 0;
    }

    /** Waits up to {@code nanos}, ending early when hurried. */
    void await(long nanos) throws InterruptedException {
        hurry.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** Opened when hurried: for waits that end early then (the token's). */
    CountDownLatch hurry() {
        return hurry;
    }

    /** Where a hook that started at {@code startNanos} must end once hurried. */
    long hurriedHookEnd(long startNanos) {
        return Math.max(startNanos, hurriedAtNanos) + repeats.hurriedHookTimeout().toNanos();
    }
}
