package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import dev.gracefulsignals.test.RecordingProcessExit;
import org.junit.jupiter.api.Test;

/** The test kit's exit recorder: the first code wins, and a wait that times out shows where the library's threads stand. */
class RecordingProcessExitTest {

    @Test
    void aTimeoutNamesTheLibrarysThreadsWithTheirStacks() throws Exception {
        RecordingProcessExit exit = new RecordingProcessExit();
        CountDownLatch release = new CountDownLatch(1);
        Thread parked = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }, "graceful-test-parked");
        parked.start();
        try {
            assertThatThrownBy(() -> exit.awaitExit(Duration.ofMillis(50))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not exit within PT0.05S")
                    .hasMessageContaining("\"graceful-test-parked\" WAITING")
                    .hasMessageContaining("CountDownLatch.await");
        } finally {
            release.countDown();
            parked.join();
        }
        exit.exit(3);
        exit.halt(4);
        assertThat(exit.awaitExit(Duration.ofSeconds(1))).isEqualTo(3);
        assertThat(exit.halted()).isFalse();
    }
}
