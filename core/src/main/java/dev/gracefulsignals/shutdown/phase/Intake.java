package dev.gracefulsignals.shutdown.phase;

/**
 * Something that takes work in: a web server, a message listener registry. The {@code stop-intake}
 * phase stops every intake at once and waits for all of them: each stops accepting, finishes what
 * it already accepted (in-flight requests, the message in hand) and then calls {@code done}.
 */
public interface Intake {

    /** What the log calls it. */
    String name();

    /**
     * Stops taking work and finishes what was accepted, calling {@code done} when finished (possibly on
     * another thread, possibly at once). Must not block for long.
     */
    void stop(Runnable done);

    /**
     * Called again and again on the stop-intake thread, between {@link #stop} and {@code done}: where the
     * waiting could not be handed to a thread of its own (none could be made), the intake checks here
     * whether it has finished and calls {@code done} itself. Must return at once.
     */
    default void poll() {
    }

    /**
     * Called once on the stop-intake thread when the phase stops waiting for this intake before it called
     * {@code done}: the deadline passed or a repeated signal hurried the sequence. What is still in flight is cut
     * here (a gRPC server's {@code shutdownNow()}), so it does not run on into the hooks, which close what it uses.
     * Must return at once.
     */
    default void cut() {
    }
}
