/**
 * Auto-configuration of Graceful Signals, and only what configures it: the auto-configuration classes, the
 * {@code graceful.*} properties, every configuration check ({@link dev.gracefulsignals.autoconfigure.ConfigurationChecks}),
 * the failure analyzers, the preinitializer and the runtime hints. How a signal reaches the application is in
 * {@link dev.gracefulsignals.autoconfigure.signals}; the shutdown sequence and its Spring phases in
 * {@link dev.gracefulsignals.autoconfigure.shutdown}.
 */
@NullMarked
package dev.gracefulsignals.autoconfigure;

import org.jspecify.annotations.NullMarked;
