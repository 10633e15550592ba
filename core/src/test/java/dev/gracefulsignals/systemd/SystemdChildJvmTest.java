package dev.gracefulsignals.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gracefulsignals.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM started the way systemd starts a service, with NOTIFY_SOCKET (and WATCHDOG_*) in its environment. */
class SystemdChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void theChildAnnouncesItsOwnPidFeedsTheWatchdogAndSaysWhenItStops() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString());
                ChildJvm child = ChildJvm.start(NotifyingChild.class, List.of(),
                        Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "400000"))) {
            child.awaitLine("enabled=true watchdog=400");

            assertThat(systemd.await()).isEqualTo("READY=1\nMAINPID=" + child.pid());
            assertThat(systemd.await()).isEqualTo("WATCHDOG=1");
            assertThat(systemd.await()).isEqualTo("WATCHDOG=1");

            child.send("stop");
            child.awaitLine("stopped");
            String message;
            do {
                message = systemd.await();
            } while (message.equals("WATCHDOG=1"));
            assertThat(message).isEqualTo("STOPPING=1");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isZero();
            // The child has exited: whatever it sent is already queued.
            assertThat(systemd.receive(Duration.ZERO)).as("nothing after STOPPING=1").isNull();
        }
    }

    @Test
    void aWatchdogMeantForAnotherProcessIsLeftToIt() throws Exception {
        // As when the JVM inherits the environment of a launcher that systemd watches.
        String launcher = Long.toString(ProcessHandle.current().pid());
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString());
                ChildJvm child = ChildJvm.start(NotifyingChild.class, List.of(),
                        Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "200000", "WATCHDOG_PID", launcher))) {
            child.awaitLine("enabled=true watchdog=-1");
            assertThat(systemd.await()).isEqualTo("READY=1\nMAINPID=" + child.pid());
            child.awaitLine("ready sent");
            // A watchdog would have pinged at once; STOPPING=1 next shows the window passed without one.
            child.send("stop");
            assertThat(systemd.await()).isEqualTo("STOPPING=1");
        }
    }
}
