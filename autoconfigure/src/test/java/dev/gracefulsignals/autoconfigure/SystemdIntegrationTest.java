package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.gracefulsignals.autoconfigure.systemd.SystemdIntegration;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.systemd.NotifyReceiver;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import dev.gracefulsignals.autoconfigure.systemd.SystemdAutoConfiguration;
import dev.gracefulsignals.test.RecordingProcessExit;

/** This test plays systemd: it binds the notify socket and starts the app as a child JVM with NOTIFY_SOCKET. */
class SystemdIntegrationTest {

    @Test
    void tellsSystemdReadyReloadingStoppingWithExtensionsAndPingsTheWatchdog(@TempDir Path dir) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString());
             ChildJvm child = ChildJvm.start(ChildApp.class, List.of(),
                     Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "600000"), "--hook-sleep-ms=1500")) {
            child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(60));
            assertThat(systemd.await()).isEqualTo("READY=1\nMAINPID=" + child.pid());
            List<String> pings = systemd.receiveFor(Duration.ofMillis(1300));
            assertThat(pings).isNotEmpty().allMatch("WATCHDOG=1"::equals);

            Kill.process(child.pid(), Signal.HUP);
            assertThat(next(systemd)).startsWith("RELOADING=1\nMONOTONIC_USEC=");
            assertThat(next(systemd)).isEqualTo("READY=1");
            assertThat(child.process().isAlive()).isTrue();

            Kill.process(child.pid(), Signal.TERM);
            List<String> stopping = new ArrayList<>();
            // Read as systemd does, while the child stops: an unread queue would drop notifications.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (child.process().isAlive() && System.nanoTime() < deadline) {
                String message = systemd.receive(Duration.ofMillis(100));
                if (message != null && !message.equals("WATCHDOG=1")) {
                    stopping.add(message);
                }
            }
            assertThat(child.awaitExit(Duration.ofSeconds(5))).as(child.output()).isEqualTo(143);
            assertThat(child.output()).as("one log line said the notification is active")
                    .containsOnlyOnce("Graceful Signals notifies systemd (NOTIFY_SOCKET is set): sent READY=1");
            for (String message = systemd.receive(Duration.ofMillis(300)); message != null; message = systemd.receive(Duration.ofMillis(300))) {
                if (!message.equals("WATCHDOG=1")) {
                    stopping.add(message);
                }
            }
            assertThat(stopping).startsWith("STOPPING=1", "STATUS=Stopping (SIGTERM)", "STATUS=Stopping: refuse-traffic");
            assertThat(stopping).containsSubsequence("STATUS=Stopping: hooks", "STATUS=Stopping: hook first", "STATUS=Stopping: hook second",
                    "STATUS=Stopping: hook third", "STATUS=Stopping: close-context", "STATUS=Stopped: completed");
            List<Long> extensions = stopping.stream().filter(m -> m.startsWith("EXTEND_TIMEOUT_USEC="))
                    .map(m -> Long.parseLong(m.substring("EXTEND_TIMEOUT_USEC=".length()))).toList();
            assertThat(extensions).isNotEmpty().allMatch(usec -> usec > 0 && usec <= 25_000_000L);
            assertThat(extensions).as("each extension is the time left, so they shrink").isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(extensions.get(0) - extensions.get(extensions.size() - 1)).as("the slow hook used up time").isGreaterThan(1_000_000L);
        }
    }

    @Test
    void withoutNotifySocketNothingIsCreated() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class, SystemdAutoConfiguration.class))
                .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
                .run(context -> assertThat(context).doesNotHaveBean(SystemdIntegration.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class, SystemdAutoConfiguration.class))
                .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
                .withPropertyValues("NOTIFY_SOCKET=/run/nowhere", "graceful.systemd.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SystemdIntegration.class));
    }

    @Test
    void aChildContextsReadyEventDoesNotMakeItTellSystemdTwice(@TempDir Path dir) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString());
             org.springframework.context.support.GenericApplicationContext parent = new org.springframework.context.support.GenericApplicationContext();
             org.springframework.context.support.GenericApplicationContext child = new org.springframework.context.support.GenericApplicationContext(parent)) {
            parent.refresh();
            child.refresh();
            dev.gracefulsignals.systemd.SystemdNotifier notifier = dev.gracefulsignals.systemd.SystemdNotifier.fromEnvironment(
                    Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "60000000"));
            SystemdIntegration integration = new SystemdIntegration(notifier, null, () -> null, parent);
            org.springframework.boot.SpringApplication application = new org.springframework.boot.SpringApplication();
            // A child's ApplicationReadyEvent reaches the parent's listeners too.
            integration.onApplicationEvent(new org.springframework.boot.context.event.ApplicationReadyEvent(application, new String[0], child, Duration.ZERO));
            integration.onApplicationEvent(new org.springframework.boot.context.event.ApplicationReadyEvent(application, new String[0], parent, Duration.ZERO));
            assertThat(systemd.await()).startsWith("READY=1");
            List<String> after = systemd.receiveFor(Duration.ofMillis(300));
            assertThat(after).noneMatch(message -> message.startsWith("READY=1"));
            integration.destroy();
            notifier.close();
        }
    }

    private static String next(NotifyReceiver systemd) {
        while (true) {
            String message = systemd.await();
            if (!message.equals("WATCHDOG=1")) {
                return message;
            }
        }
    }
}
