/**
 * Dispatch: the one thread that turns wake-ups into {@link dev.gracefulsignals.signal.SignalReceived}
 * events, and the public entry point {@link dev.gracefulsignals.dispatch.Signals}.
 */
@NullMarked
package dev.gracefulsignals.dispatch;

import org.jspecify.annotations.NullMarked;
