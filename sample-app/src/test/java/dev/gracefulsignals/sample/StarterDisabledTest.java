package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import dev.gracefulsignals.shutdown.ShutdownToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * graceful.enabled=false: the sample still starts (its beans inject the ShutdownToken), takes no
 * signal, and its long task still stops at a safe point when the context closes.
 */
@ExtendWith(OutputCaptureExtension.class)
class StarterDisabledTest {

    @Test
    void theSampleStartsAndItsLongTaskStopsAtTheClose(@TempDir Path dataDir, CapturedOutput output) {
        ShutdownToken token;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                .run("--graceful.enabled=false", "--server.port=0", "--sample.data-dir=" + dataDir)) {
            token = context.getBean(ShutdownToken.class);
            assertThat(output.getOut()).doesNotContain("Graceful Signals handles");
            await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("Long task started"));
            assertThat(token.isRequested()).isFalse();
        }
        assertThat(token.isRequested()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("Long task stopped at a safe point"));
    }
}
