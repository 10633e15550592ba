package dev.gracefulsignals.spring;

/**
 * What the application does with a signal, set with {@code graceful.signals.<name>=<action>}.
 * Every action but {@link #NONE} takes the signal away from the JVM's own handling.
 */
public enum SignalAction {

    /** Publish a {@link SignalEvent}, call the {@link OnSignal} methods, and run the graceful shutdown; exit with 128 + the signal number. Default for TERM and INT. */
    SHUTDOWN,

    /** Publish a {@link SignalEvent} and a {@link SignalReloadEvent}, call the {@link OnSignal} methods; with spring-cloud-context, refresh the context. Default for HUP. */
    RELOAD,

    /** Publish a {@link SignalEvent} and call the {@link OnSignal} methods, nothing more. Default for signals named only by {@link OnSignal} methods. */
    EVENT,

    /** Take the signal and drop it: no event, no method, and no exit (where the JVM would have exited). */
    IGNORE,

    /** Leave the signal to the JVM (TERM, INT and HUP then end the process through the JVM's shutdown hooks). */
    NONE
}
