package dev.gracefulsignals.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifications, played against a real Unix datagram socket bound where systemd would bind it. */
class SystemdNotifierTest {

    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void sendsEachNotificationAsOneDatagramInTheOrderCalled() {
        Path path = dir.resolve("notify");
        try (NotifyReceiver systemd = NotifyReceiver.bind(path.toString())) {
            assertThat(path).as("the address encodes the path: bind created the socket file there").exists();
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path.toString()));
            assertThat(notifier.isEnabled()).isTrue();

            notifier.ready();
            notifier.status("Draining\nrequests\r\n");
            notifier.readyAfterReload();
            notifier.extendTimeout(Duration.ofSeconds(30));
            notifier.extendTimeout(Duration.ofNanos(1));
            notifier.stopping();
            notifier.watchdog();

            assertThat(List.of(systemd.await(), systemd.await(), systemd.await(), systemd.await(), systemd.await(),
                    systemd.await(), systemd.await())).containsExactly(
                            "READY=1\nMAINPID=" + PID,
                            "STATUS=Draining requests",
                            "READY=1",
                            "EXTEND_TIMEOUT_USEC=30000000",
                            "EXTEND_TIMEOUT_USEC=1",
                            "STOPPING=1",
                            "WATCHDOG=1");
            assertThat(systemd.receive(Duration.ofMillis(200))).as("nothing more").isNull();
        }
    }

    @Test
    void aServiceManagerThatStopsReadingNeverBlocksTheSender() {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("full").toString())) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.address()));
            // The kernel queues about 10 datagrams per Unix socket; a blocking send would hang on the 11th.
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
                for (int i = 0; i < 200; i++) {
                    notifier.status("step " + i);
                }
            });
            assertThat(systemd.await()).isEqualTo("STATUS=step 0");
        }
    }

    @Test
    void reloadingCarriesTheKernelsMonotonicClockInMicroseconds() {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString())) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.address()));
            long before = NotifyReceiver.monotonicMicros();
            notifier.reloading();
            long after = NotifyReceiver.monotonicMicros();

            String[] lines = systemd.await().split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).isEqualTo("RELOADING=1");
            assertThat(lines[1]).startsWith("MONOTONIC_USEC=");
            // systemd 253+ compares this with its own CLOCK_MONOTONIC reading: it must be that clock, not wall time.
            assertThat(Long.parseLong(lines[1].substring("MONOTONIC_USEC=".length()))).isBetween(before, after);
        }
    }

    @Test
    void reachesAnAbstractSocketNamedWithAnAt() throws Exception {
        String name = "@graceful-signals-test-" + PID + "-" + System.nanoTime();
        try (NotifyReceiver systemd = NotifyReceiver.bind(name)) {
            // The kernel lists abstract names with a leading '@' (and any NUL as '@'): the exact name proves the
            // leading NUL and an address length that stops at the name's end.
            assertThat(Files.readAllLines(Path.of("/proc/net/unix")))
                    .anySatisfy(line -> assertThat(line).endsWith(" " + name));
            SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", name)).ready();
            assertThat(systemd.await()).isEqualTo("READY=1\nMAINPID=" + PID);
        }
    }

    @Test
    void withoutNotifySocketNothingIsSentAndNoThreadStarts() {
        for (Map<String, String> environment : List.of(Map.<String, String>of(), Map.of("NOTIFY_SOCKET", ""),
                Map.of("WATCHDOG_USEC", "200000"))) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(environment);
            assertThat(notifier.isEnabled()).as("%s", environment).isFalse();
            assertThat(notifier.watchdogTimeout()).isEmpty();
            notifier.ready();
            notifier.reloading();
            notifier.readyAfterReload();
            notifier.status("x");
            notifier.extendTimeout(Duration.ofSeconds(1));
            notifier.stopping();
            notifier.watchdog();
            assertThat(notifier.startWatchdog(() -> true)).isFalse();
            assertThat(watchdogThreads()).isEmpty();
            notifier.close();
        }
    }

    @Test
    void addressesWeCannotReachDisableTheNotifier() {
        for (String address : List.of("vsock:2:1234", "run/notify", "/" + "x".repeat(107), "@")) {
            assertThat(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", address)).isEnabled()).as(address).isFalse();
        }
    }

    @Test
    void extensionsMustBePositive() {
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of());
        assertThatThrownBy(() -> notifier.extendTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }

    @Test
    void aSocketThatDoesNotExistIsLoggedOnceAndNeverThrows() {
        Path missing = dir.resolve("no-such-socket");
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", missing.toString()));
        assertThat(notifier.isEnabled()).isTrue();

        String log = stderrOf(() -> {
            notifier.ready();
            notifier.reloading();
            notifier.readyAfterReload();
            notifier.status("still here");
            notifier.extendTimeout(Duration.ofSeconds(5));
            notifier.stopping();
            notifier.watchdog();
        });

        assertThat(log.lines().filter(line -> line.contains("Could not notify systemd")))
                .singleElement().satisfies(line -> assertThat(line)
                        .contains("WARN", "NOTIFY_SOCKET=" + missing, "errno 2", "READY=1"));
    }

    /** What slf4j-simple (which writes to the current System.err) logs while {@code action} runs. */
    static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    static List<Thread> watchdogThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(SystemdNotifier.WATCHDOG_THREAD_NAME))
                .toList();
    }
}
