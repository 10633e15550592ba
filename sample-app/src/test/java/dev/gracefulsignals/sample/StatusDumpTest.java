package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import dev.gracefulsignals.test.TestSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The {@code @OnSignal} example of docs/testing.md: a real USR1 to the test JVM reaches the method. */
// tag::on-signal-test[]
@SpringBootTest
@DirtiesContext // the context takes USR1: closed after this class, so no later test's USR1 reaches it too
@ExtendWith(OutputCaptureExtension.class)
class StatusDumpTest {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("sample.data-dir", () -> dataDir.toString());
    }

    @Test
    void usr1LogsTheStatus(CapturedOutput output) {
        TestSignals.send("USR1");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(output.getOut()).contains("status (asked by pid " + ProcessHandle.current().pid()));
    }
}
// end::on-signal-test[]
