package dev.gracefulsignals.signal;

import java.time.Instant;
import java.util.Objects;

/**
 * One signal, delivered at least once since the previous {@code SignalReceived} for it.
 *
 * <p>Standard signals coalesce in the kernel: while one is pending, more of the same merge into
 * it. So the contract is <em>at least once, with a count</em>: {@link #count()} is how many
 * deliveries the handler saw since the last event (at least 1), and {@link #origin()} is the
 * last sender's.
 *
 * @param signal        the signal
 * @param count         deliveries counted by the handler since the previous event for this signal, at least 1
 * @param origin        who sent the last of them
 * @param monotonicNanos when the handler saw the last of them, on {@code CLOCK_MONOTONIC}, which is the
 *                      clock of {@link System#nanoTime()} on Linux
 */
public record SignalReceived(Signal signal, long count, SignalOrigin origin, long monotonicNanos) {

    public SignalReceived {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(origin, "origin");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
    }

    /**
     * This event and a later one of the same signal as one, the way the kernel merges a pending
     * signal: the counts add up, the origin and time are the later one's.
     */
    public SignalReceived coalesce(SignalReceived later) {
        if (later.signal != signal) {
            throw new IllegalArgumentException("Cannot coalesce " + signal + " with " + later.signal);
        }
        return new SignalReceived(signal, count + later.count, later.origin, later.monotonicNanos);
    }

    /** The wall-clock time of the last delivery, derived from {@link #monotonicNanos()}. */
    public Instant receivedAt() {
        return Instant.now().minusNanos(Math.max(0, System.nanoTime() - monotonicNanos));
    }

    @Override
    public String toString() {
        return signal + " x" + count + " from " + origin;
    }
}
