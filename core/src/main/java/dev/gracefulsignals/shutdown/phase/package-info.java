/**
 * The Spring-free phases of the shutdown sequence, each a small class behind
 * {@link dev.gracefulsignals.shutdown.ShutdownPhase} that sees the sequence only through
 * {@link dev.gracefulsignals.shutdown.ShutdownSequence}: {@link dev.gracefulsignals.shutdown.phase.DrainDelay},
 * {@link dev.gracefulsignals.shutdown.phase.StopIntake} (with {@link dev.gracefulsignals.shutdown.phase.Intake}),
 * {@link dev.gracefulsignals.shutdown.phase.AwaitHeldWork} and {@link dev.gracefulsignals.shutdown.phase.RunHooks}
 * (with its {@link dev.gracefulsignals.shutdown.phase.HookGroups}). The Spring starter adds phases of its own
 * (refuse traffic, cancel tasks, close the context) and orders them all.
 *
 * <p>Like everything after the signal, these use loops and named classes, not lambdas (see
 * {@link dev.gracefulsignals.shutdown}).
 */
@NullMarked
package dev.gracefulsignals.shutdown.phase;

import org.jspecify.annotations.NullMarked;
