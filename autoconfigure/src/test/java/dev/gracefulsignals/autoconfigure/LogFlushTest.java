package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;

/**
 * At the deadline the process ends with {@code _exit}, which runs no JVM shutdown hook, so Boot never stops the
 * logging system: the report line and the stacks, logged just before, would stay in an asynchronous appender's queue
 * and be lost. The logging system is stopped first, so they reach the log (here a slow sink behind Logback's
 * AsyncAppender, 20 ms an event).
 */
class LogFlushTest {

    @Test
    void theReportReachesASlowAsynchronousLogBeforeTheNativeExit() throws Exception {
        try (ChildJvm child = ChildJvm.start(ChildApp.class, List.of(), "--logging.config=classpath:logback-async-slow.xml",
                "--hang=true", "--graceful.shutdown.timeout=3s", "--graceful.shutdown.hook-timeout=1m")) {
            child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(60));
            Kill.process(child.pid(), Signal.TERM);

            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(child.output()).containsPattern("graceful-shutdown trigger=SIGTERM outcome=deadline .* exit=143 via=_exit")
                    .contains("Threads still running at the deadline (phase hooks)");
        }
    }
}
