package dev.gracefulsignals.stacks.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.stacks.support.OrderLine;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code @KafkaListener} returning a {@code CompletableFuture}, then one returning a {@code Mono}, that take a second, against a real broker, with
 * results in flight when TERM arrives: stop-intake waits for them, so each completes before the hooks and its offset is
 * committed. Spring Kafka alone (before 4.2) stops the container while they run: they complete during the hooks, or
 * never, and their offsets stay uncommitted.
 */
class AsyncKafkaShutdownTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"future", "mono"})
    void resultsInFlightCompleteBeforeTheHooksAndAreCommitted(String result) throws Exception {
        try (Broker broker = new Broker("work");
             ChildJvm child = ChildJvm.start(AsyncKafkaChildApp.class, List.of("-Xmx256m"), "--listener=" + result,
                     "--spring.kafka.bootstrap-servers=" + broker.address(), "--spring.kafka.consumer.auto-offset-reset=earliest",
                     "--spring.kafka.consumer.max-poll-records=5")) { // five results at a time, each a second
            broker.startProducing();
            child.awaitLine(line -> line.startsWith("completed "), Duration.ofSeconds(90));
            child.awaitLine(line -> line.startsWith("received "), Duration.ofSeconds(30)); // a result in flight now, for a second
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);

            OrderLine order = OrderLine.in(child.output());
            int intakeStopped = order.indexOf("intake-stopped");
            assertThat(intakeStopped).as(order.line()).isPositive().isLessThan(order.indexOf("hook-start"));
            List<Long> received = order.numbered("received ");
            List<Long> completed = order.steps().subList(0, intakeStopped).stream().filter(step -> step.startsWith("completed "))
                    .map(step -> Long.parseLong(step.substring(10))).sorted().toList();
            long last = received.get(received.size() - 1);
            assertThat(received).as("every record once, in order").hasSize((int) last + 1).isSorted();
            assertThat(completed).as("every result completed before stop-intake ended").isEqualTo(received);
            assertThat(order.after("intake-stopped")).as("nothing received or completed after stop-intake")
                    .noneMatch(step -> step.startsWith("received") || step.startsWith("completed"));
            assertThat(broker.committed("graceful")).as("every completed record is committed, nothing more").isEqualTo(last + 1);
        }
    }
}
