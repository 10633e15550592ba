/**
 * JDK Flight Recorder events for the signals an application takes and for its shutdown, so a
 * recording (for example a continuous {@code -XX:StartFlightRecording} of a pod that was stopped)
 * shows the shutdown beside GC and thread activity. Enabled by default and cheap when no recording
 * runs: nothing is built unless an event would be committed.
 *
 * <p>Here in the Spring-free core, beside {@link dev.gracefulsignals.shutdown.ShutdownObserver}, so
 * the plain API has them too; the Spring Boot auto-configuration registers them for you.
 */
@NullMarked
package dev.gracefulsignals.jfr;

import org.jspecify.annotations.NullMarked;
