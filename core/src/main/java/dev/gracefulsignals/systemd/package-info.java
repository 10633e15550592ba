/**
 * systemd integration: {@link dev.gracefulsignals.systemd.SystemdNotifier} speaks the service manager's
 * {@code sd_notify} protocol (ready, reloading, stopping, status, timeout extension, watchdog) over
 * {@code $NOTIFY_SOCKET}, and does nothing at all where that variable is absent.
 */
@NullMarked
package dev.gracefulsignals.systemd;

import org.jspecify.annotations.NullMarked;
