// tag::demo-test[]
package com.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

@SpringBootTest(properties = {"graceful.signals.usr1=shutdown", "graceful.shutdown.close-context=false"})
@DirtiesContext
class DemoApplicationTest {

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
    void usr1ShutsDownAndExitsWith138() throws Exception {
        TestSignals.send("USR1");

        assertThat(exit.awaitExit(Duration.ofSeconds(30))).isEqualTo(128 + 10);
    }
}
// end::demo-test[]
