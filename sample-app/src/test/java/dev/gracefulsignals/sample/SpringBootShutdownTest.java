package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

// tag::spring-boot-test-shutdown[]
@SpringBootTest(properties = {"graceful.signals.usr1=shutdown", "graceful.shutdown.close-context=false"})
@DirtiesContext // the sequence cancelled the tasks and ran the hooks: no later test may reuse this context
@ExtendWith(OutputCaptureExtension.class)
class SpringBootShutdownTest {

    @TestConfiguration
    static class RecordTheExit {
        @Bean
        RecordingProcessExit processExit() {
            return new RecordingProcessExit();
        }
    }

    @Autowired
    RecordingProcessExit exit;

    @Test
    void usr1RunsTheHooksInOrderAndRecordsExit138(CapturedOutput output) throws Exception {
        TestSignals.send("USR1");

        assertThat(exit.awaitExit(Duration.ofSeconds(30))).isEqualTo(128 + 10);
        assertThat(output.getOut().indexOf("hook 1/2 flushBuffer")).isPositive()
                .isLessThan(output.getOut().indexOf("hook 2/2 deregister"));
    }
}
// end::spring-boot-test-shutdown[]
