package dev.gracefulsignals.systemd;

import static dev.gracefulsignals.systemd.SystemdNotifierTest.watchdogThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watchdog pings as systemd receives them. Counts are ranges, never exact: the machine may be busy. */
class SystemdWatchdogTest {

    private static final String PID = Long.toString(ProcessHandle.current().pid());

    @TempDir
    Path dir;

    @Test
    void pingsAtAboutHalfTheTimeoutWhileHealthyWithholdsThemWhileUnhealthyAndStopsForGood() {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString())) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                    Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "300000"));
            assertThat(notifier.watchdogTimeout()).contains(Duration.ofMillis(300));
            assertThat(notifier.watchdogPeriod()).contains(Duration.ofMillis(150));
            AtomicBoolean healthy = new AtomicBoolean(true);

            assertThat(notifier.startWatchdog(healthy::get)).isTrue();
            assertThat(watchdogThreads()).hasSize(1).allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
            // 1.5 s at one ping per 150 ms is about 11 pings; at the full 300 ms it would be about 6.
            List<String> pings = systemd.receiveFor(Duration.ofMillis(1500));
            assertThat(pings).allMatch("WATCHDOG=1"::equals).hasSizeBetween(7, 13);

            healthy.set(false);
            systemd.receiveFor(Duration.ofMillis(400));
            assertThat(systemd.receiveFor(Duration.ofMillis(700))).as("no pings while unhealthy").isEmpty();

            healthy.set(true);
            assertThat(systemd.await()).as("pings resume on recovery").isEqualTo("WATCHDOG=1");

            notifier.stopWatchdog();
            assertThat(watchdogThreads()).isEmpty();
            while (systemd.receive(Duration.ofMillis(50)) != null) {
                // pings sent before the stop
            }
            assertThat(systemd.receiveFor(Duration.ofMillis(500))).as("no pings after stopWatchdog").isEmpty();
        }
    }

    @Test
    void aHealthCheckThatThrowsCountsAsUnhealthy() {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString());
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                        Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "100000"))) {
            notifier.startWatchdog(() -> {
                throw new IllegalStateException("database unreachable");
            });
            assertThat(systemd.receiveFor(Duration.ofMillis(400))).isEmpty();
            assertThat(watchdogThreads()).hasSize(1);
        }
        assertThat(watchdogThreads()).as("close() stops the watchdog").isEmpty();
    }

    @Test
    void thePingsAreOnlyForTheProcessSystemdNamed() {
        String socket = dir.resolve("notify").toString();
        Map<String, Boolean> forUs = Map.of(PID, true, "1", false, "not-a-pid", false);
        forUs.forEach((watchdogPid, expected) -> {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                    Map.of("NOTIFY_SOCKET", socket, "WATCHDOG_USEC", "300000", "WATCHDOG_PID", watchdogPid));
            assertThat(notifier.watchdogTimeout().isPresent()).as("WATCHDOG_PID=%s", watchdogPid).isEqualTo(expected);
            if (!expected) {
                assertThat(notifier.startWatchdog(() -> true)).isFalse();
                assertThat(watchdogThreads()).isEmpty();
            }
        });
        for (String usec : List.of("0", "-5", "soon")) {
            assertThat(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket, "WATCHDOG_USEC", usec))
                    .watchdogTimeout()).as("WATCHDOG_USEC=%s", usec).isEmpty();
        }
    }

    @Test
    void oneWatchdogAtATime() {
        try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", dir.resolve("notify").toString(), "WATCHDOG_USEC", "10000000"))) {
            assertThat(notifier.startWatchdog(() -> true)).isTrue();
            assertThatThrownBy(() -> notifier.startWatchdog(() -> true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
        }
    }
}
