/**
 * Internal, not API: core's one boundary to the C library ({@link dev.gracefulsignals.internal.LibC}), used by the
 * capture, the dispatcher's signal mask and the systemd socket, and by this project's own test kit and benchmarks.
 * It may change in any release, so it is left out of the published javadoc; an application sends a signal with
 * {@code kill(1)} or, in its tests, with {@code dev.gracefulsignals.test.TestSignals}.
 */
@NullMarked
package dev.gracefulsignals.internal;

import org.jspecify.annotations.NullMarked;
