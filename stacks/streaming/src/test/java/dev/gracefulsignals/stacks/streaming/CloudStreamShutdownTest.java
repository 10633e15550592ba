package dev.gracefulsignals.stacks.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.stacks.support.OrderLine;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;

/**
 * A Spring Cloud Stream app on the Kafka binder, against a real broker, consuming a steady stream when TERM arrives:
 * the input binding stops in stop-intake, before the hooks (Boot alone would unbind it only at context close, after
 * them), nothing is consumed after stop-intake, every message is consumed once and the committed offset is exactly
 * what was consumed.
 */
class CloudStreamShutdownTest {

    @Test
    void theInputBindingStopsBeforeTheHooksAndCommitsWhatItConsumed() throws Exception {
        try (Broker broker = new Broker("work");
             ChildJvm child = ChildJvm.start(CloudStreamChildApp.class, List.of("-Xmx256m"),
                     "--spring.cloud.function.definition=work",
                     "--spring.cloud.stream.bindings.work-in-0.destination=work",
                     "--spring.cloud.stream.bindings.work-in-0.group=graceful",
                     "--spring.cloud.stream.kafka.bindings.work-in-0.consumer.start-offset=earliest",
                     "--spring.cloud.stream.kafka.binder.brokers=" + broker.address(),
                     "--spring.cloud.stream.kafka.binder.consumer-properties.max.poll.records=10")) {
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
}
