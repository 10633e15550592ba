package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shutdown sequence started by a signal only this context takes, so no other cached context reacts. */
@SpringBootTest(properties = "graceful.shutdown.close-context=false")
@DirtiesContext
class PrivateSignalShutdownTest {

    // tag::private-signal[]
    static final Signal STOP = TestSignals.privateSignal();

    @DynamicPropertySource
    static void stopSignal(DynamicPropertyRegistry registry) {
        registry.add(TestSignals.actionProperty(STOP), () -> "shutdown");
    }
    // end::private-signal[]

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
    void thePrivateSignalRunsThisContextsShutdown() throws Exception {
        TestSignals.send(STOP);

        assertThat(exit.awaitExit(Duration.ofSeconds(30))).isEqualTo(128 + STOP.number());
        assertThat(exit.halted()).isFalse();
    }
}
