/**
 * The actuator side of Graceful Signals: the read-only {@code signals} endpoint and the {@code signals}
 * health contributor, which turns DOWN when another library evicted our handler.
 */
@NullMarked
package dev.gracefulsignals.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
