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
}
