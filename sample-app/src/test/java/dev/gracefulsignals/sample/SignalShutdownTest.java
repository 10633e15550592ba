package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The shutdown example of docs/testing.md: a real signal to the test JVM runs the real sequence, and
 * {@link RecordingProcessExit} records the exit code instead of ending the JVM. USR1 stands in for TERM
 * so that a TERM from outside still ends surefire as usual. The test starts the application itself
 * rather than with {@code @SpringBootTest}: the sequence closes the context, and Spring's test context
 * cache fails a test whose cached context was closed by application code.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignalShutdownTest {

    // tag::shutdown-test[]
    @Test
    void usr1RunsTheHooksInOrderAndExitsWith128PlusTen(@TempDir Path dataDir, CapturedOutput output) throws Exception {
        RecordingProcessExit exit = new RecordingProcessExit();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("processExit", exit))
                .run("--graceful.signals.usr1=shutdown", "--sample.data-dir=" + dataDir)) {

            TestSignals.send("USR1");

            assertThat(exit.awaitExit(Duration.ofSeconds(30))).isEqualTo(128 + 10);
            assertThat(exit.halted()).isFalse();
            assertThat(context.isActive()).isFalse();
            assertThat(output.getOut().indexOf("hook 1/2 flushBuffer")).isPositive()
                    .isLessThan(output.getOut().indexOf("hook 2/2 deregister"));
            assertThat(dataDir.resolve("buffer.log")).exists();
        }
    }
    // end::shutdown-test[]
}
