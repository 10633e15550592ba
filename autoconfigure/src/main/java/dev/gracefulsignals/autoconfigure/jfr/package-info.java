/** JDK Flight Recorder events for received signals and the shutdown, registered as observers. */
@NullMarked
package dev.gracefulsignals.autoconfigure.jfr;

import org.jspecify.annotations.NullMarked;
