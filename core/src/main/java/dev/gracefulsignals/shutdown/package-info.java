/**
 * Shutdown: the Spring-free engine behind a graceful, bounded shutdown. A
 * {@link dev.gracefulsignals.shutdown.ShutdownCoordinator} runs named phases exactly once, times
 * them, reports them, and enforces a deadline; {@link dev.gracefulsignals.shutdown.ShutdownToken}
 * lets running work see that shutdown began; {@link dev.gracefulsignals.shutdown.ShutdownHook}s
 * run in order, each bounded by its own timeout.
 */
@NullMarked
package dev.gracefulsignals.shutdown;

import org.jspecify.annotations.NullMarked;
