/** Micrometer Observations for the shutdown, so a tracing backend shows it as a trace of spans. */
@NullMarked
package dev.gracefulsignals.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
