package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM's own exit stuck below {@code System.exit} (a JVMTI agent whose VM-death callback never returns:
 * {@code before_exit} hangs on every path, holding the lock {@code Runtime.halt} waits for) does not keep the process
 * alive: the native exit guard ends it a moment after the exit got stuck, or the deadline thread ends it with
 * {@code _exit} at the deadline, each time with the status the report line states.
 */
class StuckJvmExitTest {

    private static final String GUARD_LINE = "graceful-signals: the JVM's exit did not end the process in time";
    private static final Duration DEADLINE = Duration.ofSeconds(6);

    private static Path agent;

    @BeforeAll
    static void compileTheAgent(@TempDir Path dir) throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        agent = dir.resolve("libstuck-at-exit.so");
        Process gcc = new ProcessBuilder("gcc", "-std=c11", "-shared", "-fPIC", "-Wall", "-Werror",
                "-I" + javaHome.resolve("include"), "-I" + javaHome.resolve("include/linux"),
                "-o", agent.toString(), Path.of("src/test/c/stuck-at-exit.c").toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor()).as("gcc: %s", output).isZero();
    }

    @Test
    void aSequenceThatCompletedIntoAStuckExitEndsWithItsStatusAMomentLater() throws Exception {
        try (ChildJvm child = ChildJvm.start(ChildApp.class, List.of("-agentpath:" + agent),
                "--graceful.shutdown.timeout=" + DEADLINE.toSeconds() + "s")) {
            Duration took = termAndAwait143(child);
            // The exit was stuck from its start: the guard ends it within a second or so, long before the deadline.
            assertThat(took).as("TERM to exit").isLessThan(DEADLINE);
            assertThat(child.output()).contains("hook third", GUARD_LINE + " (stuck, or past the shutdown deadline); ending it with _exit(143)")
                    .containsPattern("graceful-shutdown trigger=SIGTERM outcome=completed .* exit=143 via=exit");
        }
    }

    @Test
    void atTheDeadlineTheDeadlineThreadItselfEndsTheProcessBelowTheStuckJvm() throws Exception {
        // The second hook hangs: the deadline passes inside the sequence, and Runtime.halt would hang in the stuck exit.
        try (ChildJvm child = ChildJvm.start(ChildApp.class, List.of("-agentpath:" + agent),
                "--graceful.shutdown.timeout=" + DEADLINE.toSeconds() + "s", "--graceful.shutdown.hook-timeout=30s", "--hang=true")) {
            Duration took = termAndAwait143(child);
            assertThat(took).as("TERM to exit").isBetween(DEADLINE.minusMillis(500), DEADLINE.plusSeconds(2));
            assertThat(child.output()).contains("passed its deadline of 6000 ms in phase hooks")
                    .containsPattern("graceful-shutdown trigger=SIGTERM outcome=deadline .* exit=143 via=_exit")
                    .as("ended by the deadline thread's own _exit, not by the guard a second later").doesNotContain(GUARD_LINE);
        }
    }

    /** Sends TERM once the child is ready and waits for its exit (a hang fails here); returns TERM to exit. */
    private static Duration termAndAwait143(ChildJvm child) throws Exception {
        child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(60));
        long sent = System.nanoTime();
        Kill.process(child.pid(), Signal.TERM);
        int status = child.awaitExit(DEADLINE.plusSeconds(8));
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        assertThat(status).as(child.output()).isEqualTo(143);
        return took;
    }
}
