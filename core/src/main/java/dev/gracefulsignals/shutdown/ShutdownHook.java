package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.Optional;

/**
 * Work to do during a graceful shutdown, after traffic stopped and tasks were cancelled, while the
 * beans it uses are still alive: flush a buffer, deregister from a service registry, hand off leases.
 *
 * <pre>{@code
 * @Bean
 * @Order(1)
 * ShutdownHook flushBuffer(Buffer buffer) {
 *     return buffer::flushToDisk;
 * }
 * }</pre>
 *
 * Hooks run one after another in their order, each on its own thread and bounded by its
 * {@link #timeout()}; one that throws or times out is logged and the next one runs.
 */
@FunctionalInterface
public interface ShutdownHook {

    /** Does the work. Interrupted when the timeout passes. */
    void run() throws Exception;

    /** This hook's timeout; empty for the configured default ({@code graceful.shutdown.hook-timeout}). */
    default Optional<Duration> timeout() {
        return Optional.empty();
    }
}
