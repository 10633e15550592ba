package dev.gracefulsignals.listenerchild;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;

/**
 * A shutdown signal's {@code @OnSignal} methods and {@code SignalEvent} listeners run inside the sequence, as its first
 * step: a real TERM to a child JVM whose hook depends on the work of a slow TERM method.
 */
class SignalListenersShutdownTest {

    private static ChildJvm start(String... args) throws Exception {
        ChildJvm child = ChildJvm.start(ListenerChildApp.class, List.of(), args);
        child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(60));
        return child;
    }

    /** The order the app recorded, as its hook printed it. */
    private static List<String> order(ChildJvm child) throws InterruptedException {
        String line = child.awaitLine(printed -> printed.startsWith("order=["), Duration.ofSeconds(30));
        return List.of(line.substring("order=[".length(), line.length() - 1).split(", "));
    }

    @Test
    void aSlowTermMethodFinishesBeforeReadinessChangesAndTheHookSeesItsWork() throws Exception {
        try (ChildJvm child = start("--listener-ms=3000", "--async-ms=1000")) {
            Kill.process(child.pid(), Signal.TERM);
            List<String> order = order(child);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            String output = child.output();
            // The failing SignalEvent listener comes first and stops nobody; the methods run on the step's thread.
            assertThat(order).as(output).containsSubsequence("signal event SIGTERM",
                    "listener start on graceful-shutdown-listeners", "listener end", "second listener ran",
                    "readiness REFUSING_TRAFFIC", "hook: deregistration finished");
            assertThat(order).containsSubsequence("async listener end", "readiness REFUSING_TRAFFIC");
            assertThat(output).contains("failed; the other listeners still run").contains("Graceful shutdown: listeners of SIGTERM done in");
            Matcher report = Pattern.compile("graceful-shutdown trigger=SIGTERM outcome=completed duration_ms=\\d+"
                    + " phases=signal-listeners:(\\d+),refuse-traffic:\\d+,stop-intake:\\d+,cancel-tasks:\\d+,hooks:\\d+,close-context:\\d+"
                    + " .* exit=143").matcher(output);
            assertThat(report.find()).as(output).isTrue();
            assertThat(Long.parseLong(report.group(1))).as("the step waited for the 3 s method").isGreaterThanOrEqualTo(2_900);
        }
    }

    @Test
    void aMethodPastTheListenerTimeoutIsInterruptedTheRestNeverStartAndTheHooksStillRun() throws Exception {
        try (ChildJvm child = start("--listener-ms=60000", "--graceful.shutdown.listener-timeout=1s",
                "--graceful.shutdown.timeout=8s")) {
            long sent = System.nanoTime();
            Kill.process(child.pid(), Signal.TERM);
            List<String> order = order(child);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("by the deadline").isLessThan(Duration.ofSeconds(8));
            String output = child.output();
            assertThat(order).as(output).containsSubsequence("listener start on graceful-shutdown-listeners",
                    "readiness REFUSING_TRAFFIC", "hook: deregistration unfinished");
            // The interrupted method's own record may come after the hook printed the order: the sequence rightly does
            // not wait for it. The sequence's log line is what says it was interrupted.
            assertThat(order).doesNotContain("listener end", "second listener ran");
            assertThat(output).contains("Graceful shutdown: listeners of SIGTERM not done after")
                    .contains("graceful.shutdown.listener-timeout=1000ms")
                    .containsPattern("interrupted \\[@OnSignal method 'deregistration' Deregistration.deregister on SIGTERM\\]")
                    .containsPattern("never started: \\[@OnSignal method 'deregistration' Deregistration.afterDeregister on SIGTERM\\]")
                    .containsPattern("graceful-shutdown trigger=SIGTERM outcome=completed duration_ms=\\d+ phases=signal-listeners:\\d+,"
                            + "refuse-traffic:\\d+,stop-intake:\\d+,cancel-tasks:\\d+,hooks:\\d+,close-context:\\d+ .* exit=143");
        }
    }

    @Test
    void aRepeatedTermDuringTheListenersEndsTheWait() throws Exception {
        try (ChildJvm child = start("--listener-ms=60000", "--graceful.shutdown.listener-timeout=20s")) {
            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine("listener start");
            Thread.sleep(1_300); // past the repeat window: a repeat, not a duplicate
            long repeated = System.nanoTime();
            Kill.process(child.pid(), Signal.TERM);
            List<String> order = order(child);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(Duration.ofNanos(System.nanoTime() - repeated)).as("long before the 20 s listener timeout")
                    .isLessThan(Duration.ofSeconds(15));
            assertThat(order).contains("hook: deregistration unfinished").doesNotContain("listener end");
            assertThat(child.output()).contains("SIGTERM again during the graceful shutdown (phase signal-listeners): hurrying")
                    .containsPattern("interrupted \\[@OnSignal method 'deregistration' Deregistration.deregister on SIGTERM\\]")
                    .contains("(hurried by a repeated signal)");
        }
    }

    @Test
    void aShutdownNoSignalStartedRunsNoSignalListeners() throws Exception {
        try (ChildJvm child = start()) {
            child.send("close");
            child.awaitLine("closed");
            String output = child.output();
            assertThat(output).contains("hook: deregistration unfinished").doesNotContain("listener start", "signal event")
                    .containsPattern("graceful-shutdown trigger=context-close outcome=completed duration_ms=\\d+ phases=refuse-traffic:");
        }
    }
}
