package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;

/** Real TERM and INT to a child JVM running a Boot app with the starter, with the exit codes asserted. */
class ChildJvmShutdownTest {

    private static ChildJvm start(String... args) throws Exception {
        ChildJvm child = ChildJvm.start(ChildApp.class, List.of(), args);
        child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(60));
        return child;
    }

    @Test
    void termRunsTheHooksInOrderThenExitsWith143() throws Exception {
        try (ChildJvm child = start()) {
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            String output = child.output();
            assertThat(output.indexOf("hook first")).isPositive().isLessThan(output.indexOf("hook second"));
            assertThat(output.indexOf("hook second")).isLessThan(output.indexOf("hook third"));
            assertThat(output).containsPattern("graceful-shutdown trigger=SIGTERM outcome=completed .* exit=143");
            assertThat(output).contains("Graceful shutdown started by SIGTERM from pid " + ProcessHandle.current().pid());
        }
    }

    /** Past the repeat window (1 s by default) since the last counted signal: a wait, not a timing assertion. */
    private static void pastTheRepeatWindow() throws InterruptedException {
        Thread.sleep(1_300);
    }

    @Test
    void aSecondIntAWindowLaterHurriesAndTheThirdHaltsWith130() throws Exception {
        try (ChildJvm child = start("--hook-sleep-ms=60000", "--graceful.shutdown.hurried-hook-timeout=50s")) {
            Kill.process(child.pid(), Signal.INT);
            child.awaitLine("hook second");
            pastTheRepeatWindow();
            Kill.process(child.pid(), Signal.INT);
            child.awaitLine("hurrying");
            assertThat(child.process().isAlive()).as("the first repeat hurries, it does not halt").isTrue();
            pastTheRepeatWindow();
            Kill.process(child.pid(), Signal.INT);
            assertThat(child.awaitExit(Duration.ofSeconds(20))).as(child.output()).isEqualTo(130);
            assertThat(child.output()).contains("SIGINT again during the graceful shutdown (phase hooks): halting now")
                    .containsPattern("outcome=forced .* exit=130").doesNotContain("hook third");
        }
    }

    @Test
    void aHurriedShutdownStillRunsEveryHookEachCappedThenExits() throws Exception {
        try (ChildJvm child = start("--hook-sleep-ms=60000")) {
            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine("hook second");
            pastTheRepeatWindow();
            Kill.process(child.pid(), Signal.INT);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as("the code of the signal that started it").isEqualTo(143);
            assertThat(child.output()).contains("hook third")
                    .containsPattern("graceful-shutdown trigger=SIGTERM outcome=completed .* hooks=first:success:\\d+,second:timeout:\\d+,"
                            + "third:success:\\d+ .* exit=143");
        }
    }

    @Test
    void twoTermsAMomentApartAreOneShutdownThatFinishesItsHooks() throws Exception {
        try (ChildJvm child = start("--hook-sleep-ms=2000")) {
            Kill.process(child.pid(), Signal.TERM);
            Thread.sleep(5);
            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine("hook second");
            Kill.process(child.pid(), Signal.TERM); // inside the window of the first: merged too
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(child.output()).contains("hook third").contains("merged as a duplicate")
                    .containsPattern("graceful-shutdown trigger=SIGTERM outcome=completed .* exit=143");
        }
    }

    @Test
    void termAndIntTogetherExitWithTheCodeOfTheSignalThatStartedTheShutdown() throws Exception {
        try (ChildJvm child = start("--hook-sleep-ms=1000")) {
            Kill.process(child.pid(), Signal.TERM);
            Kill.process(child.pid(), Signal.INT);
            int code = child.awaitExit(Duration.ofSeconds(30));
            String output = child.output();
            assertThat(output).contains("hook third");
            String starter = output.contains("graceful-shutdown trigger=SIGTERM outcome=completed") ? "SIGTERM" : "SIGINT";
            assertThat(output).contains("graceful-shutdown trigger=" + starter + " outcome=completed");
            assertThat(code).as(output).isEqualTo(starter.equals("SIGTERM") ? 143 : 130);
        }
    }

    @Test
    void aSignalDuringAShutdownThatNoSignalStartedLetsItFinish() throws Exception {
        try (ChildJvm child = start("--hook-sleep-ms=3000")) {
            child.send("close");
            child.awaitLine("hook second");
            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine("closed");
            assertThat(child.output()).contains("hook third")
                    .contains("SIGTERM during a shutdown started by context-close: the shutdown goes on unchanged")
                    .containsPattern("graceful-shutdown trigger=context-close outcome=completed");
        }
    }

    @Test
    void systemExitFromAHookWritesTheReportAndDoesNotWaitOutTheHookTimeout() throws Exception {
        try (ChildJvm child = start("--exit-in-hook=7", "--graceful.shutdown.hook-timeout=60s")) {
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(7);
            assertThat(child.output()).contains("hook third").contains("called System.exit")
                    .containsPattern("graceful-shutdown trigger=SIGTERM outcome=completed .* exit=-");
        }
    }

    /**
     * An {@code @OnSignal("TERM")} method that calls System.exit, in the sequence's signal-listeners step: the step does
     * not wait for a call that never returns, the JVM's exit waits for the hooks (the close from Boot's shutdown hook
     * waits for the steps before it), every hook runs once,
     * the process ends with that call's code, and the report line is still written.
     */
    @Test
    void systemExitFromAnOnSignalTermMethodLetsTheHooksRunAndWritesTheReport() throws Exception {
        try (ChildJvm child = start("--exit-on-term=9")) {
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(9);
            String output = child.output();
            assertThat(output).contains("on-signal TERM: System.exit(9)").contains("hook first").contains("hook second")
                    .contains("hook third").containsPattern("graceful-shutdown trigger=SIGTERM outcome=completed .* exit=-");
            assertThat(output.lines().filter(line -> line.equals("hook third"))).as("the hooks ran once").hasSize(1);
        }
    }

    @Test
    void aHookPastTheDeadlineHaltsWithTheStacksLogged() throws Exception {
        try (ChildJvm child = start("--hang=true", "--graceful.shutdown.timeout=2s", "--graceful.shutdown.hook-timeout=1m")) {
            long sent = System.nanoTime();
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(20));
            assertThat(child.output()).contains("passed its deadline of 2000 ms in phase hooks")
                    .contains("\"graceful-shutdown-hook-second\"").contains("java.util.concurrent.CountDownLatch.await(")
                    // The report line is still written when the deadline halts: the phases and hooks done so far.
                    .containsPattern("graceful-shutdown trigger=SIGTERM outcome=deadline duration_ms=\\d+ phases=refuse-traffic:\\d+,"
                            + "stop-intake:\\d+,cancel-tasks:\\d+ hooks=first:success:\\d+ tasks_cancelled=0 held=- exit=143");
        }
    }

    @Test
    void hupReloadsTheConfigurationThroughSpringCloudContextAndTheProcessStaysUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("app.properties");
        java.nio.file.Files.writeString(file, "child.greeting=hello\n");
        try (ChildJvm child = start("--spring.config.import=optional:file:" + file)) {
            child.send("greeting");
            child.awaitLine("greeting=hello");
            java.nio.file.Files.writeString(file, "child.greeting=bonjour\n");
            Kill.process(child.pid(), Signal.HUP);
            child.awaitLine("refreshed the context; changed keys: [child.greeting]");
            child.send("greeting");
            assertThat(child.awaitLine("greeting=bonjour")).as("a record is not re-bound (docs/getting-started.md says so)")
                    .isEqualTo("greeting=bonjour record=hello");
            assertThat(child.process().isAlive()).isTrue();
        }
    }

    @Test
    void afterTheContextClosesTermEndsTheJvmWith143Again() throws Exception {
        try (ChildJvm child = start()) {
            child.send("close");
            child.awaitLine("closed");
            assertThat(child.output()).contains("graceful-shutdown trigger=context-close outcome=completed");
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(child.output().lines().filter(line -> line.contains("graceful-shutdown trigger="))).as("no second sequence")
                    .hasSize(1);
        }
    }

    @Test
    void systemExitRunsTheHooksOnceAndKeepsItsCode() throws Exception {
        try (ChildJvm child = start()) {
            child.send("exit 3");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(3);
            String output = child.output();
            assertThat(output.lines().filter("hook first"::equals)).as("hooks ran exactly once").hasSize(1);
            assertThat(output).contains("hook third").containsPattern("graceful-shutdown trigger=System.exit outcome=completed");
        }
    }
}
