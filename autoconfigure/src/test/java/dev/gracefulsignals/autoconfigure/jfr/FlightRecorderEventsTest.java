package dev.gracefulsignals.autoconfigure.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.autoconfigure.ChildApp;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM records with {@code -XX:StartFlightRecording}, takes a real USR1 and then a real TERM; the recording it
 * dumps as it exits holds the signals, the phases in order, the hooks and the whole shutdown, with their fields.
 */
class FlightRecorderEventsTest {

    @Test
    void aRecordingShowsTheSignalsAndTheShutdown(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("shutdown.jfr");
        List<String> jvm = List.of("-XX:StartFlightRecording=filename=" + file + ",dumponexit=true,settings=default");
        long me = ProcessHandle.current().pid();
        try (ChildJvm child = ChildJvm.start(ChildApp.class, jvm, "--graceful.signals.usr1=event")) {
            child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(60));
            Kill.process(child.pid(), Signal.USR1);
            child.awaitLine("Received SIGUSR1");
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(event -> event.getEventType().getName().startsWith("dev.gracefulsignals."))
                .toList();

        // A signal's event is written once its listeners ran, on the thread that ran them: the test sends TERM as soon
        // as USR1's log line appears, which can be before USR1's event is committed. So the order is not asserted.
        List<RecordedEvent> signals = named(events, "dev.gracefulsignals.SignalReceived");
        assertThat(signals).extracting(event -> event.getString("signal") + ":" + event.getString("action"))
                .containsExactlyInAnyOrder("USR1:event", "TERM:shutdown");
        RecordedEvent usr1 = signals.stream().filter(event -> event.getString("signal").equals("USR1")).findFirst().orElseThrow();
        assertThat(usr1.getLong("count")).isEqualTo(1);
        assertThat(usr1.getString("senderKind")).isEqualTo("process");
        assertThat(usr1.getInt("senderPid")).isEqualTo((int) me);
        assertThat(usr1.getInt("senderUid")).isNotNegative();
        assertThat(usr1.getString("senderCommand")).isEqualTo(ProcessHandle.current().info().command().map(
                command -> Path.of(command).getFileName().toString()).orElseThrow().substring(0, 4)); // "java", truncated by comm
        assertThat(usr1.getString("backend")).isEqualTo("native");
        assertThat(usr1.getDuration("latency")).isPositive();

        assertThat(named(events, "dev.gracefulsignals.ShutdownPhase")).extracting(event -> event.getString("phase"))
                .containsExactly("refuse-traffic", "stop-intake", "cancel-tasks", "hooks", "close-context");
        assertThat(named(events, "dev.gracefulsignals.ShutdownPhase")).allMatch(event -> event.getBoolean("finished"));
        List<RecordedEvent> hooks = named(events, "dev.gracefulsignals.ShutdownHook");
        assertThat(hooks).extracting(event -> event.getString("hook")).containsExactly("first", "second", "third");
        assertThat(hooks).extracting(event -> event.getString("outcome")).containsOnly("success");

        List<RecordedEvent> shutdown = named(events, "dev.gracefulsignals.Shutdown");
        assertThat(shutdown).singleElement().satisfies(whole -> {
            assertThat(whole.getString("trigger")).isEqualTo("SIGTERM");
            assertThat(whole.getString("outcome")).isEqualTo("completed");
            assertThat(whole.getInt("exitCode")).isEqualTo(143);
            // the whole spans its phases
            assertThat(whole.getStartTime()).isBeforeOrEqualTo(hooks.get(0).getStartTime());
            assertThat(whole.getEndTime()).isAfterOrEqualTo(hooks.get(2).getEndTime());
        });
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(event -> event.getEventType().getName().equals(name))
                .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime())).toList();
    }
}
