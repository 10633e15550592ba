package dev.gracefulsignals.shutdown;

/**
 * What a shutdown signal does when it arrives again during a shutdown a signal started (a repeat
 * counts only once the repeat window has passed; signals inside it are merged as duplicates). A
 * signal during a shutdown that something else started (the actuator, {@code System.exit}, a
 * context close) never hurries or halts it.
 */
public enum RepeatPolicy {
    /**
     * The first repeat hurries: what is left of the drain delay and of the waits for in-flight work is
     * skipped, the hooks still run, each capped to a short budget, then the process exits. A further
     * repeat halts at once.
     */
    HURRY,
    /** The first repeat halts at once (the behaviour before hurrying existed). */
    HALT,
    /** Repeats are logged and change nothing; the deadline still bounds the shutdown. */
    IGNORE
}
