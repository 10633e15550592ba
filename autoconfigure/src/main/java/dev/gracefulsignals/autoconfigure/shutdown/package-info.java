/**
 * The Spring side of the graceful shutdown: {@link dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdownConfiguration}
 * lists the sequence's phases as {@code @Bean ShutdownPhase}s in their
 * {@link dev.gracefulsignals.autoconfigure.shutdown.ShutdownPhaseOrder}, and
 * {@link dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown} runs them once, from a signal or a context
 * close. Here are the Spring phases (signal listeners, refuse traffic, cancel tasks, close context), what stop-intake
 * stops (the web server, message listener registries) and the hooks' source; the Spring-free phases are in
 * {@code dev.gracefulsignals.shutdown.phase}.
 */
@NullMarked
package dev.gracefulsignals.autoconfigure.shutdown;

import org.jspecify.annotations.NullMarked;
