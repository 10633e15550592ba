package dev.gracefulsignals.signal;

import org.jspecify.annotations.Nullable;

/**
 * A signal-capture backend: installs and restores handlers, wakes the dispatcher, and hands over
 * what the handler recorded. One per process at a time; the dispatcher is its only reader.
 *
 * <p>Internal to Graceful Signals (the dispatcher in another package drives it); applications use
 * {@code dev.gracefulsignals.dispatch.Signals}.
 */
public interface Capture extends AutoCloseable {

    /** What {@link #install} did. */
    enum Installed {
        /** Our handler is installed. */
        INSTALLED,
        /** The signal was ignored (SIG_IGN inherited, as under nohup) and was left ignored. */
        LEFT_IGNORED
    }

    /** The backend that runs. */
    Backend backend();

    /** One phrase on why this backend runs, for the log and the actuator endpoint. */
    String reason();

    /**
     * Installs our handler for the signal, remembering the action it replaces.
     *
     * @param force install even over an inherited SIG_IGN
     * @throws IllegalStateException naming the signal and the cause when the OS or the JVM refuses
     */
    Installed install(Signal signal, boolean force);

    /** Restores the replaced action if ours is still installed; returns false when another handler replaced ours and was left in place. */
    boolean restore(Signal signal);

    /** Whether our handler is still the installed one (false when another library evicted it). The JVM backend cannot look without replacing, and says true. */
    boolean isInstalled(Signal signal);

    /**
     * Blocks until at least one signal arrived since the last call, consuming the wake-ups. Returns
     * false once {@link #stop()} was called: the dispatcher then {@linkplain #close() closes} and ends.
     * Several threads may wait at once (one of them wakes per wake-up), never after {@link #close()}.
     */
    boolean awaitWakeUp() throws InterruptedException;

    /**
     * Wakes one blocked {@link #awaitWakeUp()} without a signal, so a reader looks at a new routing
     * (its threads then unblock newly taken signals). Never blocks.
     */
    void wakeUp();

    /**
     * Stops capturing, synchronously, from any thread: when it returns no handler writes to the pipe
     * any more (so another capture may start at once), and a blocked or later {@link #awaitWakeUp()}
     * returns false. Call after every handler was restored. Idempotent.
     */
    void stop();

    /** Takes what was recorded for the signal since the last take, or null when it was not delivered. */
    @Nullable SignalReceived take(Signal signal);

    /** Releases what {@link #stop()} left for the reader (the pipe's read end), exactly once; stops first if needed. */
    @Override
    void close();
}
