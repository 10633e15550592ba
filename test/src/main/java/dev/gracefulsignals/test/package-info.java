/**
 * Test support: raise real signals in a {@code @SpringBootTest} and assert what the application did,
 * without the test JVM exiting ({@link dev.gracefulsignals.test.TestSignals},
 * {@link dev.gracefulsignals.test.RecordingProcessExit}); and rehearse a deploy's shutdown on your own application in a
 * child JVM, under load, with a real TERM ({@link dev.gracefulsignals.test.ShutdownRehearsal},
 * {@link dev.gracefulsignals.test.RehearsalAssert}).
 */
@NullMarked
package dev.gracefulsignals.test;

import org.jspecify.annotations.NullMarked;
