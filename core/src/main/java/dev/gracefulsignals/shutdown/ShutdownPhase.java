package dev.gracefulsignals.shutdown;

/**
 * One named step of the shutdown sequence: refuse traffic, wait the drain delay, stop intake, cancel
 * tasks, run the hooks, close the context. The {@link ShutdownCoordinator} only orders phases and
 * keeps time; each phase does one thing, sees the sequence through {@link ShutdownSequence} only, and bounds
 * its own waits by {@link ShutdownSequence#timeLeft()} (waits through {@link ShutdownSequence#pause} and
 * {@link ShutdownSequence#awaitUntil} also end early when a repeated signal hurries the sequence).
 */
public interface ShutdownPhase {

    /** The name in logs, the report line and the meters' {@code phase} tag: {@code stop-intake}, {@code hooks}. */
    String name();

    /** Does the phase's work. A phase that throws is logged and the sequence goes on with the next. */
    void run(ShutdownSequence sequence) throws Exception;

    /**
     * Whether a sequence started this way runs the phase at all (the drain delay only for the signals it is for, say).
     * A phase that does not apply is left out of the report.
     */
    default boolean appliesTo(ShutdownTrigger trigger) {
        return true;
    }

    /** A phase from a name and a body. */
    static ShutdownPhase of(String name, PhaseBody body) {
        return new ShutdownPhase() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(ShutdownSequence sequence) throws Exception {
                body.run(sequence);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** The body of a phase made with {@link #of}. */
    @FunctionalInterface
    interface PhaseBody {
        void run(ShutdownSequence sequence) throws Exception;
    }
}
