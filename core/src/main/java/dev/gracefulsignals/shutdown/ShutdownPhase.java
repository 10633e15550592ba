package dev.gracefulsignals.shutdown;

/**
 * One named step of the shutdown sequence: refuse traffic, wait the drain delay, stop intake, cancel
 * tasks, run the hooks, close the context. The {@link ShutdownCoordinator} only orders phases and
 * keeps time; each phase does one thing and bounds its own waits by {@link ShutdownCoordinator#timeLeft()}
 * (waits through {@link ShutdownCoordinator#pause} and {@link ShutdownCoordinator#awaitUntil} also end
 * early when a repeated signal hurries the sequence).
 */
public interface ShutdownPhase {

    /** The name in logs, the report line and the meters' {@code phase} tag: {@code stop-intake}, {@code hooks}. */
    String name();

    /** Does the phase's work. A phase that throws is logged and the sequence goes on with the next. */
    void run(ShutdownCoordinator sequence) throws Exception;

    /** A phase from a name and a body. */
    static ShutdownPhase of(String name, PhaseBody body) {
        return new ShutdownPhase() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(ShutdownCoordinator sequence) throws Exception {
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
        void run(ShutdownCoordinator sequence) throws Exception;
    }
}
