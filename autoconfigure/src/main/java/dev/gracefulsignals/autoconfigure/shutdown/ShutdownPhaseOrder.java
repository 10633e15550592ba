package dev.gracefulsignals.autoconfigure.shutdown;

import dev.gracefulsignals.shutdown.ShutdownPhase;

/**
 * Where each phase of the graceful shutdown stands: the {@code @Order} of its {@code @Bean ShutdownPhase} in
 * {@link GracefulShutdownConfiguration}. The sequence is every {@link ShutdownPhase} bean in this order, so a phase of
 * your own goes between two of these, for example {@code @Order(ShutdownPhaseOrder.STOP_INTAKE + 1)} to run right
 * after intake stopped. Phases before {@link #CLOSE_CONTEXT} also run when the context is closed by something other
 * than a signal ({@code System.exit}, the actuator, a test); {@code close-context} and what follows it run only when a
 * signal's sequence closes the context itself.
 */
public final class ShutdownPhaseOrder {

    /** {@code signal-listeners}: the shutdown signal's {@code SignalEvent} listeners and {@code @OnSignal} methods, once. */
    public static final int SIGNAL_LISTENERS = 100;
    /** {@code refuse-traffic}: readiness turns {@code REFUSING_TRAFFIC}. */
    public static final int REFUSE_TRAFFIC = 200;
    /** {@code drain-delay}: keep serving while load balancers notice (TERM only, by default). */
    public static final int DRAIN_DELAY = 300;
    /** {@code stop-intake}: the token is requested; the web server and message listeners stop and finish what they accepted. */
    public static final int STOP_INTAKE = 400;
    /** {@code cancel-tasks}: held work gets its grace period, then executors and schedulers stop. */
    public static final int CANCEL_TASKS = 500;
    /** {@code hooks}: the {@code ShutdownHook} beans, in their order. */
    public static final int HOOKS = 600;
    /** {@code close-context}: the context closes (a signal's sequence only; off with {@code graceful.shutdown.close-context=false}). */
    public static final int CLOSE_CONTEXT = 700;

    private ShutdownPhaseOrder() {
    }
}
