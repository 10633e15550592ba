/**
 * Test support: raise real signals in a {@code @SpringBootTest} and assert what the application did,
 * without the test JVM exiting.
 */
@NullMarked
package dev.gracefulsignals.test;

import org.jspecify.annotations.NullMarked;
