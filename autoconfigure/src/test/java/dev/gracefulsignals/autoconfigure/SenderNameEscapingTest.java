package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.test.RecordingProcessExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * A sender names itself: a process whose command name holds a newline and a terminal escape must not forge a log
 * line. A Python sender renames itself with prctl(PR_SET_NAME) and sends a real signal to this JVM.
 */
@ExtendWith(OutputCaptureExtension.class)
class SenderNameEscapingTest {

    private static final Signal SIGNAL = Signal.of("RTMIN+14");

    @Test
    void controlCharactersInTheSendersCommandAreEscapedInTheLog(CapturedOutput output) throws Exception {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class))
                .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
                .withUserConfiguration(Handler.class).run(context -> {
                    String send = "import ctypes, os; ctypes.CDLL(None).prctl(15, b'ev\\nFORGED\\x1b[31m', 0, 0, 0); os.kill("
                            + ProcessHandle.current().pid() + ", " + SIGNAL.number() + ")";
                    Process sender = new ProcessBuilder(List.of("python3", "-c", send)).inheritIO().start();
                    assertThat(sender.waitFor()).isZero();
                    assertThat(context.getBean(Handler.class).calls.poll(10, TimeUnit.SECONDS)).isEqualTo("called");
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!output.getOut().contains("Received " + SIGNAL) && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertThat(output.getOut()).contains("(ev\\nFORGED\\u001b[31m); action event")
                            .doesNotContain("\nFORGED").doesNotContain("\u001b[31m");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Handler {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        @OnSignal("RTMIN+14")
        void on() {
            calls.add("called");
        }
    }
}
