package dev.gracefulsignals.spring;

/**
 * What the application does with a signal, set with {@code graceful.signals.<name>=<action>}.
 * Every action but {@link #NONE} takes the signal away from the JVM's own handling.
 */
public enum SignalAction {

    /**
     * Run the graceful shutdown and exit with 128 + the signal number. Default for TERM and INT. The signal that
     * starts the shutdown publishes its {@link SignalEvent} and calls its {@link OnSignal} methods (async ones
     * alongside) as the sequence's first step, {@code signal-listeners}: once, before readiness turns
     * {@code REFUSING_TRAFFIC}, and waited for up to {@code graceful.shutdown.listener-timeout} (5 s), within the
     * deadline; a repeated signal ends the wait. Listeners still running then are interrupted and no longer waited
     * for, and those not started yet never start. A repeat of a shutdown signal, or one that arrives during a shutdown
     * something else started, only hurries, halts or is logged: it calls no listener.
     */
    SHUTDOWN,

    /** Call the {@link OnSignal} methods, then publish one {@link SignalReloadEvent} (a {@link SignalEvent}); with spring-cloud-context, refresh the context. Default for HUP. */
    RELOAD,

    /** Publish a {@link SignalEvent} and call the {@link OnSignal} methods, nothing more. Default for signals named only by {@link OnSignal} methods. */
    EVENT,

    /** Take the signal and drop it: no event, no method, and no exit (where the JVM would have exited). */
    IGNORE,

    /** Leave the signal to the JVM (TERM, INT and HUP then end the process through the JVM's shutdown hooks). */
    NONE
}
