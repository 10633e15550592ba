package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.dispatch.Subscription;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.systemd.SystemdNotifier;
import dev.gracefulsignals.test.TestSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The Spring-free snippets of README.md and docs/systemd.md, compiled and run here so they cannot drift
 * ({@link DocsSnippetsTest} checks that the pages show exactly these regions).
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
        // (Other tests' cached contexts may still hold USR1 in this JVM, so nothing more to assert here.)
    }

    /** Stands for the application's work: sends the USR1 itself and waits for the log line. */
    private void doTheWork() {
        TestSignals.send("USR1");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(output.getOut()).contains("SIGUSR1 x1 from pid " + ProcessHandle.current().pid()));
    }

    @Test
    void systemdWithoutSpring() {
        // Without NOTIFY_SOCKET (as here) every call is a no-op: the snippet runs for real all the same.
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
        assertThat(systemd.isEnabled()).isFalse();
    }

    private static boolean healthy() {
        return true;
    }

    private static void reload() {
    }
}
