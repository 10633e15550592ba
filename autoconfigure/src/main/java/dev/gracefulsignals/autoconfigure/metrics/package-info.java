/**
 * Micrometer meters of Graceful Signals, {@code signals.*} and {@code shutdown.*}; the table of names,
 * types and tags is {@code docs/metrics.md}.
 */
@NullMarked
package dev.gracefulsignals.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
