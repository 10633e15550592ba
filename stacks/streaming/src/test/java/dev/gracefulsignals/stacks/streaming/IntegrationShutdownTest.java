package dev.gracefulsignals.stacks.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.stacks.support.OrderLine;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spring Integration's inbound endpoints, busy when TERM arrives, each stopped in stop-intake, before the hooks (Boot
 * alone would stop them only at context close, after them). The message-driven Kafka adapter against a real broker:
 * nothing consumed after stop-intake, every message once, the committed offset exactly what was consumed. The
 * polling file inbound adapter over a real directory, busy when TERM arrives: the file in hand
 * finishes (Integration's own {@code stop()} would interrupt it), the adapter stops in stop-intake, before the hooks
 * (Boot alone would stop it only at context close, after them), nothing is processed after stop-intake, and every
 * file written is either processed once (moved to done) or still untouched in the inbox.
 */
class IntegrationShutdownTest {

    @TempDir
    Path dir;

    @Test
    void theMessageDrivenKafkaAdapterStopsBeforeTheHooksAndCommitsWhatItConsumed() throws Exception {
        try (Broker broker = new Broker("work");
             ChildJvm child = ChildJvm.start(KafkaInboundChildApp.class, List.of("-Xmx256m"),
                     "--spring.kafka.bootstrap-servers=" + broker.address(), "--spring.kafka.consumer.group-id=graceful",
                     "--spring.kafka.consumer.auto-offset-reset=earliest", "--spring.kafka.consumer.max-poll-records=10")) {
            broker.startProducing();
            for (int i = 0; i < 20; i++) {
                child.awaitLine(line -> line.startsWith("consumed "), Duration.ofSeconds(90));
            }
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);

            OrderLine order = OrderLine.in(child.output());
            assertThat(order.indexOf("intake-stopped")).as(order.line()).isPositive().isLessThan(order.indexOf("hook-start"));
            assertThat(order.after("intake-stopped")).as("nothing consumed after stop-intake").noneMatch(step -> step.startsWith("consumed"));
            List<Long> consumed = order.numbered("consumed ");
            long last = consumed.get(consumed.size() - 1);
            assertThat(consumed).as("every message once, in order").hasSize((int) last + 1).isSorted();
            assertThat(broker.committed("graceful")).as("the message in hand is committed, nothing more").isEqualTo(last + 1);
            assertThat(child.output()).doesNotContain("interrupted in hand");
        }
    }

    @Test
    void thePollerStopsBeforeTheHooksAfterTheFileInHand() throws Exception {
        Path inbox = Files.createDirectory(dir.resolve("inbox"));
        Path done = Files.createDirectory(dir.resolve("done"));
        List<String> written = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(FilePollingChildApp.class, List.of("-Xmx256m"), "--inbox=" + inbox, "--done=" + done)) {
            for (int i = 0; i < 5; i++) {
                write(inbox, written, 3);
                child.awaitLine(line -> line.startsWith("processed "), Duration.ofSeconds(60));
            }
            write(inbox, written, 10); // a backlog, so the poller is busy when TERM comes
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);

            OrderLine order = OrderLine.in(child.output());
            assertThat(order.indexOf("intake-stopped")).as(order.line()).isPositive().isLessThan(order.indexOf("hook-start"));
            assertThat(order.after("intake-stopped")).as("nothing processed after stop-intake").noneMatch(step -> step.startsWith("processed"));
            assertThat(child.output()).as("the file in hand finishes").doesNotContain("interrupted in hand");
            List<String> processed = order.steps().stream().filter(step -> step.startsWith("processed ")).map(step -> step.substring(10)).toList();
            assertThat(names(done)).as("each processed file is done, once").containsExactlyInAnyOrderElementsOf(processed).doesNotHaveDuplicates();
            List<String> left = names(inbox);
            assertThat(left).as("the backlog is left untouched").isNotEmpty();
            List<String> all = new ArrayList<>(processed);
            all.addAll(left);
            assertThat(all).as("every file written is done or still in the inbox").containsExactlyInAnyOrderElementsOf(written);
        }
    }

    /** Writes {@code count} more files, each under a temporary name first, so the poller never sees half a file. */
    private static void write(Path inbox, List<String> written, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            String name = String.format("file-%03d.txt", written.size());
            Path partial = Files.writeString(inbox.resolve(name + ".part"), "work " + written.size());
            Files.move(partial, inbox.resolve(name));
            written.add(name);
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
