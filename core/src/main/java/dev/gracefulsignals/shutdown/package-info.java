/**
 * Shutdown: the Spring-free engine behind a graceful, bounded shutdown. A
 * {@link dev.gracefulsignals.shutdown.ShutdownCoordinator} begins one sequence exactly once, runs its named
 * {@link dev.gracefulsignals.shutdown.ShutdownPhase}s in order (each sees only the
 * {@link dev.gracefulsignals.shutdown.ShutdownSequence}), keeps the clock and completes or exits. Beside it:
 * {@code RepeatedSignals} (what a second TERM does), {@code Deadline} (the deadline thread and the native exit guard),
 * {@link dev.gracefulsignals.shutdown.ShutdownThreads} (the parked sequence thread, the keep-alive) and
 * {@code ShutdownRecord} (the report, logged once). The phases themselves are in
 * {@link dev.gracefulsignals.shutdown.phase}. {@link dev.gracefulsignals.shutdown.ShutdownToken} lets running work
 * see that shutdown began; {@link dev.gracefulsignals.shutdown.ShutdownHook}s run in order, each bounded by its own
 * timeout.
 *
 * <h2>No lambdas on the exit path</h2>
 * Everything that runs between a shutdown signal and the process's end (here, in the phases, in the starter's
 * sequence and in the dispatcher's fan-out) uses loops and small named classes, not lambdas, method references or
 * streams: the first call of a lambda spins and links a hidden class, about a millisecond each, and that is the
 * exit's time. Code that runs before the signal (set-up, {@code prepare()}) may use them, which also links them
 * early. The starter's {@code ExitPathPreload} loads the exit path's classes ahead of the signal for the same reason.
 */
@NullMarked
package dev.gracefulsignals.shutdown;

import org.jspecify.annotations.NullMarked;
