/**
 * Dispatch: the threads that turn wake-ups into {@link dev.gracefulsignals.signal.SignalReceived}
 * events and run each listener's lane, and the public entry point {@link dev.gracefulsignals.dispatch.Signals}.
 */
@NullMarked
package dev.gracefulsignals.dispatch;

import org.jspecify.annotations.NullMarked;
