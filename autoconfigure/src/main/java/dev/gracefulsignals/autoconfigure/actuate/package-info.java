/**
 * The actuator side of Graceful Signals: the read-only {@code signals} endpoint and the {@code signals}
 * health contributor with the eviction check behind it, which shows an evicted handler without failing
 * the aggregate health unless asked to.
 */
@NullMarked
package dev.gracefulsignals.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
