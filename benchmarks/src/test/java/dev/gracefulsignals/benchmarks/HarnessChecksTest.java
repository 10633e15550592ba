package dev.gracefulsignals.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The latency harness's own checks, against receivers that lie: a figure is recorded only for an answer that can be
 * true. The fakes are small Python processes (python3, as CI installs it) that take real signals from this JVM; a fake
 * stands in for a receiver here because the point is a receiver that misbehaves on purpose. No timing assertions.
 */
class HarnessChecksTest {

    private static final Path FAKE = Path.of("src/test/resources/fake-receiver.py");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void anHonestReceiverIsMeasuredInBothRegimesWithItsStages() throws Exception {
        try (ReceiverProcess receiver = fake("honest")) {
            LatencyCommand.Latencies backToBack = LatencyCommand.measure(receiver, Signal.USR1, 2, 10, true, 0, TIMEOUT);
            LatencyCommand.Latencies sporadic = LatencyCommand.measure(receiver, Signal.USR1, 2, 10, true, 2_000_000, TIMEOUT);
            assertThat(backToBack.total().getTotalCount()).isEqualTo(10);
            assertThat(sporadic.total().getTotalCount()).isEqualTo(10);
            assertThat(sporadic.capture().getTotalCount()).isEqualTo(10);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "miss         | missed signal 2 of 12",
            "twice        | printed a line no signal asked for",
            "early        | outside the window it can be true in",
            "late         | outside the window it can be true in",
            "capture-late | captured at"})
    void aReceiverThatLiesOrMissesFailsTheMeasurementWithTheReason(String mode, String reason) throws Exception {
        for (long gap : List.of(0L, 2_000_000L)) {
            try (ReceiverProcess receiver = fake(mode)) {
                assertThatThrownBy(() -> LatencyCommand.measure(receiver, Signal.USR1, 2, 10, true, gap, TIMEOUT))
                        .as("%s with a gap of %d ns", mode, gap)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(reason);
            }
        }
    }

    private static ReceiverProcess fake(String mode) throws Exception {
        return ReceiverProcess.startCommand(List.of("python3", FAKE.toString(), mode), "fake receiver (" + mode + ")");
    }
}
