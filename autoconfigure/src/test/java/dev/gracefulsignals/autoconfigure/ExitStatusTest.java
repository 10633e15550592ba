package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code graceful.shutdown.exit-status=zero-when-clean} on each exit path of a real TERM: {@code System.exit} after a
 * clean completion (0) and after a hook failed (143), and the native {@code _exit} at the deadline (124); the report
 * line states the status the process really ends with. (The default, {@code signal}, is 143 on each: the other child-JVM
 * tests of the sequence run with it.)
 */
class ExitStatusTest {

    @ParameterizedTest(name = "{0}, {1}: {2}")
    @CsvSource({
            "zero-when-clean, clean, 0",
            "zero-when-clean, a hook fails, 143",
            "zero-when-clean, past the deadline, 124"})
    void theStatusFollowsTheOutcomeAsConfigured(String exitStatus, String how, int expected) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--graceful.shutdown.exit-status=" + exitStatus,
                "--graceful.shutdown.timeout=3s", "--graceful.shutdown.hook-timeout=1m"));
        if (how.equals("a hook fails")) {
            args.add("--third-fails=true");
        }
        if (how.equals("past the deadline")) {
            args.add("--hang=true");
        }
        try (ChildJvm child = ChildJvm.start(ChildApp.class, List.of(), args.toArray(String[]::new))) {
            child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(60));
            Kill.process(child.pid(), Signal.TERM);

            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(expected);
            String outcome = how.equals("past the deadline") ? "deadline" : "completed";
            String via = how.equals("past the deadline") ? "_exit" : "exit";
            assertThat(child.output()).containsPattern("graceful-shutdown trigger=SIGTERM outcome=" + outcome + " .* exit=" + expected
                    + " via=" + via);
        }
    }
}
