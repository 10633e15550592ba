package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process exits with the sequence's code even when nothing else keeps the JVM up: a sequence that
 * let the JVM go once its report was written exited 0 when the report's observers were slow.
 */
class ExitAfterReportTest {

    @Test
    void exitCodeIsTheSignalsEvenWhenNoOtherThreadKeepsTheJvmUp() throws Exception {
        try (ChildJvm child = ChildJvm.start(ExitAfterReportChild.class, List.of())) {
            child.awaitLine("ready");
            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine("report written");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
        }
    }
}
