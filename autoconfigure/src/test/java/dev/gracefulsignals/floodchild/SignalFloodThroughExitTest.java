package dev.gracefulsignals.floodchild;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.RepeatedTest;

/**
 * USR1 and HUP sent every millisecond, then one TERM, the flood going on until the process is gone: the process ends
 * with 143 and its report line, every time. USR1's and HUP's default action is to terminate; a handler given back to
 * it during the exit (the subscriptions close at close-context) ended the process with 138 or 129 and no report.
 */
class SignalFloodThroughExitTest {

    @RepeatedTest(3)
    void aFloodThroughTheShutdownNeverEndsTheProcessByADefaultAction() throws Exception {
        try (ChildJvm child = ChildJvm.start(FloodChildApp.class, List.of())) {
            child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(60));
            AtomicLong sent = new AtomicLong();
            Thread flood = new Thread(() -> {
                Signal[] signals = {Signal.USR1, Signal.HUP};
                try {
                    while (child.process().isAlive()) {
                        Kill.process(child.pid(), signals[(int) (sent.getAndIncrement() % 2)]);
                        Thread.sleep(1);
                    }
                } catch (RuntimeException gone) {
                    // ESRCH: the child ended between the check and the kill
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }, "flood");
            flood.start();
            Thread.sleep(1000);
            Kill.process(child.pid(), Signal.TERM);

            int status = child.awaitExit(Duration.ofSeconds(30));
            flood.join(5000);
            assertThat(status).as(child.output()).isEqualTo(143);
            assertThat(child.output()).contains("hook flush")
                    .containsPattern("graceful-shutdown trigger=SIGTERM outcome=completed .* exit=143 via=exit");
            assertThat(sent.get()).as("signals sent").isGreaterThan(100);
        }
    }
}
