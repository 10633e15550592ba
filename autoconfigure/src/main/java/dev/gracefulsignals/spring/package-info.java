/**
 * The Spring-facing API: {@link dev.gracefulsignals.spring.OnSignal} methods,
 * {@link dev.gracefulsignals.spring.SignalEvent} and {@link dev.gracefulsignals.spring.SignalReloadEvent}
 * application events, and the {@link dev.gracefulsignals.spring.SignalAction} each signal is configured with.
 */
@NullMarked
package dev.gracefulsignals.spring;

import org.jspecify.annotations.NullMarked;
