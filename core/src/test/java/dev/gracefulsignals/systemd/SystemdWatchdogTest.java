package dev.gracefulsignals.systemd;

import static dev.gracefulsignals.systemd.SystemdNotifierTest.watchdogThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watchdog pings as systemd receives them. No upper bound on time: the machine may be busy; the intervals are checked
 * from below (fixed delay), and silences are shown by health checks that did happen.
 */
class SystemdWatchdogTest {

    private static final String PID = Long.toString(ProcessHandle.current().pid());

    @TempDir
    Path dir;

    @Test
    void pingsAtHalfTheTimeoutWhileHealthyWithholdsThemWhileUnhealthyAndStopsForGood() {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString())) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                    Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "300000"));
            assertThat(notifier.watchdogTimeout()).contains(Duration.ofMillis(300));
            assertThat(notifier.watchdogPeriod()).contains(Duration.ofMillis(150));
            AtomicBoolean healthy = new AtomicBoolean(true);
            // Each ping follows a health check; the check's time is taken on the watchdog's thread, so a slow test
            // thread reading the socket late cannot distort the intervals.
            List<Long> checks = new CopyOnWriteArrayList<>();

            assertThat(notifier.startWatchdog(() -> {
                checks.add(System.nanoTime());
                return healthy.get();
            })).isTrue();
            assertThat(watchdogThreads()).hasSize(1).allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
            for (int i = 0; i < 5; i++) {
                assertThat(systemd.await()).isEqualTo("WATCHDOG=1");
            }
            // Fixed delay: a busy machine only stretches the intervals, never shortens one below the period.
            for (int i = 1; i < 5; i++) {
                assertThat(checks.get(i) - checks.get(i - 1)).as("interval %d, ns", i).isGreaterThanOrEqualTo(150_000_000L);
            }

            healthy.set(false);
            int atFlip = checks.size();
            awaitChecks(checks, atFlip + 1);
            drain(systemd); // pings of the checks before the flip
            awaitChecks(checks, atFlip + 3);
            assertThat(systemd.receive(Duration.ZERO)).as("no pings while unhealthy, after two more checks").isNull();

            healthy.set(true);
            assertThat(systemd.await()).as("pings resume on recovery").isEqualTo("WATCHDOG=1");

            notifier.stopWatchdog();
            assertThat(watchdogThreads()).as("the thread has ended, so nothing can ping after this").isEmpty();
            drain(systemd);
            assertThat(systemd.receive(Duration.ZERO)).as("no pings after stopWatchdog").isNull();
        }
    }

    @Test
    void aHealthCheckThatThrowsCountsAsUnhealthy() {
        List<Long> checks = new CopyOnWriteArrayList<>();
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString());
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                        Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "100000"))) {
            notifier.startWatchdog(() -> {
                checks.add(System.nanoTime());
                throw new IllegalStateException("database unreachable");
            });
            awaitChecks(checks, 3);
            assertThat(systemd.receive(Duration.ZERO)).as("no ping after three failed checks").isNull();
            assertThat(watchdogThreads()).hasSize(1);
        }
        assertThat(watchdogThreads()).as("close() stops the watchdog").isEmpty();
    }

    private static void awaitChecks(List<Long> checks, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> checks.size() >= count);
    }

    /** Reads what is queued on the socket. */
    private static void drain(NotifyReceiver systemd) {
        while (systemd.receive(Duration.ZERO) != null) {
            // sent before the moment the caller waited for
        }
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
