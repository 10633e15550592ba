/** Tells systemd (sd_notify) when the application is ready, reloading and stopping. */
@NullMarked
package dev.gracefulsignals.autoconfigure.systemd;

import org.jspecify.annotations.NullMarked;
