/**
 * Capture: what a signal is ({@link dev.gracefulsignals.signal.Signal}), who sent it
 * ({@link dev.gracefulsignals.signal.SignalOrigin}), and the backends that catch it: the native
 * async-signal-safe C handler with its self-pipe, and the {@code sun.misc.Signal} fallback.
 */
@NullMarked
package dev.gracefulsignals.signal;

import org.jspecify.annotations.NullMarked;
