/**
 * How a signal reaches the application: {@link dev.gracefulsignals.autoconfigure.signals.SignalBridge} subscribes to
 * the core's signals and adapts each delivery to a {@code SignalEvent}, the {@code @OnSignal} methods
 * ({@code OnSignalMethods}; async ones on the core's lanes, {@code AsyncSignalMethods}), a reload
 * ({@code SignalReload}) or the shutdown. Beside it: the actions table and its summary line ({@code SignalActions}),
 * the received line ({@code ReceivedLine}), and the observers of deliveries and reloads.
 */
@NullMarked
package dev.gracefulsignals.autoconfigure.signals;

import org.jspecify.annotations.NullMarked;
