/**
 * Auto-configuration of Graceful Signals: the {@code graceful.*} properties, the bridge from
 * signals to Spring events and {@code @OnSignal} methods, and the graceful shutdown sequence.
 */
@NullMarked
package dev.gracefulsignals.autoconfigure;

import org.jspecify.annotations.NullMarked;
