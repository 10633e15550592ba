package dev.gracefulsignals.vthreads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Virtual threads (JDK 21+; CI runs this suite on JDK 25): after cancel-tasks no {@code @Scheduled}
 * method runs, and an {@code @Async} task that outlives the grace period was interrupted.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadsShutdownTest {

    @Test
    void noScheduledMethodRunsAfterCancelTasksAndAsyncWorkIsInterruptedAfterTheGracePeriod() throws Exception {
        try (ChildJvm child = ChildJvm.start(VirtualThreadsChildApp.class, List.of(), "--spring.threads.virtual.enabled=true",
                "--spring.main.keep-alive=true", // virtual threads alone do not keep a JVM up
                "--graceful.shutdown.task-grace-period=500ms")) {
            child.awaitLine(line -> line.equals("async started"), Duration.ofSeconds(60));
            Thread.sleep(300); // a few ticks
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            String line = child.output().lines().filter(output -> output.startsWith("order=")).findFirst().orElseThrow();
            List<String> order = Arrays.asList(line.substring(6).split(","));
            int cancelled = order.indexOf("tasks-cancelled");
            assertThat(cancelled).as(line).isPositive();
            assertThat(order).as(line).contains("tick", "async-started", "async-interrupted")
                    .doesNotContain("tick-on-platform-thread", "async-finished");
            assertThat(order.subList(cancelled, order.size())).as("no scheduled method runs after cancel-tasks").doesNotContain("tick");
        }
    }
}
