package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.dispatch.Subscription;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.systemd.NotifyReceiver;
import dev.gracefulsignals.systemd.SystemdNotifier;
import dev.gracefulsignals.test.TestSignals;
import dev.gracefulsignals.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The Spring-free snippets of README.md and docs/systemd.md, compiled and run here so they cannot drift
 * ({@link DocsSnippetsTest} checks that the pages show exactly these regions). The systemd snippet runs in a child
 * JVM with {@code NOTIFY_SOCKET} set, and the test reads what systemd would have received.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiExamplesTest {

    private static final Logger log = LoggerFactory.getLogger(ApiExamplesTest.class);

    private CapturedOutput output;

    @Test
    void theCoreApiOfTheReadme(CapturedOutput output) throws Exception {
        this.output = output;
        // tag::readme-core[]
        try (Subscription subscription = Signals.subscribe(signal -> log.info("{}", signal), Signal.USR1)) {
            doTheWork(); // meanwhile, kill -USR1 <pid> logs "SIGUSR1 x1 from pid 4242 uid 1000"
        }
        // end::readme-core[]
    }

    /**
     * Stands for the application's work: sends the USR1 itself and waits for the snippet's listener to log it. Other
     * tests' cached contexts may hold USR1 in this JVM too and log the same words, so only a line of this class's
     * logger counts.
     */
    private void doTheWork() {
        String logged = "SIGUSR1 x1 from pid " + ProcessHandle.current().pid();
        TestSignals.send("USR1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output.getOut().lines())
                .anyMatch(line -> line.contains(ApiExamplesTest.class.getSimpleName()) && line.contains(logged)));
    }

    @Test
    void systemdWithoutSpring(@TempDir Path dir) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString());
                ChildJvm service = ChildJvm.start(SystemdService.class, List.of(),
                        Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "60000000"))) {
            assertThat(service.awaitExit(Duration.ofSeconds(60))).as(service.output()).isZero();
            // The service has exited, so everything it sent is queued on the socket.
            List<String> received = new ArrayList<>();
            for (String message = systemd.receive(Duration.ofSeconds(1)); message != null; message = systemd.receive(Duration.ofSeconds(1))) {
                received.add(message);
            }
            assertThat(received).as("the watchdog's first ping goes out at once").contains("WATCHDOG=1");
            assertThat(received.stream().filter(message -> !message.equals("WATCHDOG=1")))
                    .hasSize(6)
                    .satisfiesExactly(
                            message -> assertThat(message).isEqualTo("READY=1\nMAINPID=" + service.pid()),
                            message -> assertThat(message).startsWith("RELOADING=1\nMONOTONIC_USEC="),
                            message -> assertThat(message).isEqualTo("READY=1"),
                            message -> assertThat(message).isEqualTo("STOPPING=1"),
                            message -> assertThat(message).isEqualTo("STATUS=Closing connections"),
                            message -> assertThat(message).isEqualTo("EXTEND_TIMEOUT_USEC=10000000"));
        }
    }

    /** The snippet as a service runs it: in a JVM of its own, since NOTIFY_SOCKET must be in its real environment. */
    public static final class SystemdService {

        public static void main(String[] args) {
            // tag::systemd-without-spring[]
            SystemdNotifier systemd = SystemdNotifier.fromEnvironment();   // disabled without NOTIFY_SOCKET
            systemd.ready();
            systemd.startWatchdog(() -> healthy());
            // ... on SIGHUP
            systemd.reloading();
            reload();
            systemd.readyAfterReload();
            // ... on SIGTERM
            systemd.stopping();
            systemd.status("Closing connections");
            systemd.extendTimeout(Duration.ofSeconds(10));
            systemd.close();                                               // stops the watchdog
            // end::systemd-without-spring[]
        }
    }

    private static boolean healthy() {
        return true;
    }

    private static void reload() {
    }
}
