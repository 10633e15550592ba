package dev.gracefulsignals.stacks.messaging.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.stacks.messaging.MessageCount;
import dev.gracefulsignals.stacks.messaging.SteadyProducer;
import dev.gracefulsignals.stacks.support.OrderLine;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real RabbitMQ broker ({@link RabbitBroker}) and a child JVM whose {@code @RabbitListener} (Boot's defaults: acknowledge
 * mode AUTO, prefetch 250) receives a steady stream, faster than it works, when TERM arrives: the listener stops before
 * the hooks, and every message produced was either processed once by the child (and acked: it is not in the queue
 * after) or is still in the queue for the next consumer, never both, never neither.
 */
@ExtendWith(RabbitBroker.class)
class RabbitShutdownTest {

    @Test
    void theListenerStopsBeforeTheHooksAndEveryMessageIsProcessedOnceOrLeftInTheQueue() throws Exception {
        try (Connection connection = RabbitBroker.connectionFactory().newConnection("test")) {
            Channel channel = connection.createChannel();
            channel.queueDeclare("work", true, false, false, null); // as the child's Queue bean declares it
            channel.queuePurge("work");
            SteadyProducer producer = new SteadyProducer(new Publisher(connection.createChannel()));
            try (ChildJvm child = ChildJvm.start(RabbitChildApp.class, List.of(), "--spring.rabbitmq.host=127.0.0.1",
                    "--spring.rabbitmq.port=" + RabbitBroker.port())) {
                producer.start();
                for (int i = 0; i < 50; i++) {
                    child.awaitLine(line -> line.startsWith("processed "), Duration.ofSeconds(90));
                }
                Kill.process(child.pid(), Signal.TERM);
                assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);
                int produced = producer.stop();
                assertThat(child.output()).as("the report's order").containsPattern(
                        "phases=refuse-traffic:\\d+,stop-intake:\\d+,cancel-tasks:\\d+,hooks:\\d+,close-context:\\d+ .*exit=143");

                OrderLine order = OrderLine.in(child.output());
                int intakeStopped = order.indexOf("intake-stopped");
                assertThat(intakeStopped).as(order.line()).isPositive().isLessThan(order.indexOf("hook-start in-hand=0"));
                assertThat(order.after("intake-stopped")).as("nothing processed after stop-intake")
                        .noneMatch(step -> step.startsWith("processed"));
                List<Integer> processed = order.numbered("processed ").stream().map(Long::intValue).toList();
                List<Integer> left = drain(channel);
                System.out.printf("rabbit: produced %d, processed %d, left in the queue %d%n", produced, processed.size(), left.size());
                MessageCount.assertExactlyOnceOrLeft(produced, processed, left);
            }
        }
    }

    /**
     * A message whose work takes 8 s, longer than the container's own shutdown timeout (Spring AMQP's 5 s default), is
     * in hand at TERM and two more are prefetched: stop-intake waits for it as it waits for any accepted work, within
     * the deadline, so it is processed and acked once, before the hooks and before the resources it uses are closed;
     * the prefetched two go back to the queue.
     */
    @Test
    void aMessageInHandLongerThanTheContainersShutdownTimeoutIsFinishedAndAckedBeforeTheHooks() throws Exception {
        try (Connection connection = RabbitBroker.connectionFactory().newConnection("test")) {
            Channel channel = prepared(connection);
            try (ChildJvm child = ChildJvm.start(RabbitChildApp.class, List.of(), "--spring.rabbitmq.host=127.0.0.1",
                    "--spring.rabbitmq.port=" + RabbitBroker.port(), "--work-ms=8000")) {
                child.awaitLine(line -> line.equals("started 0"), Duration.ofSeconds(90));
                Kill.process(child.pid(), Signal.TERM);
                assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);
                assertThat(OrderLine.in(child.output()).line()).as(child.output()).isEqualTo("order=processed 0,intake-stopped,hook-start in-hand=0");
                assertThat(child.output()).contains("resource-closed in-hand=0").doesNotContain("interrupted while processing");
                assertThat(drain(channel)).as("the prefetched, back in the queue; the one in hand acked").containsExactlyInAnyOrder(1, 2);
            }
        }
    }

    /**
     * The same with Boot alone: its lifecycle stop lets the container's 5 s shutdown timeout decide, which interrupts
     * the listener and closes its channel while it still works; the context then closes the resources under it, the
     * process ends, and the message in hand is delivered again to the next consumer: its work is done twice, or cut.
     */
    @Test
    void withBootAloneTheContainerGivesUpOnTheMessageInHandAfterFiveSeconds() throws Exception {
        try (Connection connection = RabbitBroker.connectionFactory().newConnection("test")) {
            Channel channel = prepared(connection);
            try (ChildJvm child = ChildJvm.start(RabbitChildApp.class, List.of(), "--spring.rabbitmq.host=127.0.0.1",
                    "--spring.rabbitmq.port=" + RabbitBroker.port(), "--work-ms=8000", "--graceful.enabled=false")) {
                child.awaitLine(line -> line.equals("started 0"), Duration.ofSeconds(90));
                Kill.process(child.pid(), Signal.TERM);
                assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);
                assertThat(child.output()).contains("Workers not finished", "resource-closed in-hand=1");
                assertThat(drain(channel)).as("the message in hand delivered again").containsExactlyInAnyOrder(0, 1, 2);
            }
        }
    }

    /**
     * A container whose shutdown timeout the application set (2 s here) keeps it: the user chose to cut the message in
     * hand there, and the broker delivers it again.
     */
    @Test
    void aShutdownTimeoutTheApplicationSetIsKept() throws Exception {
        try (Connection connection = RabbitBroker.connectionFactory().newConnection("test")) {
            Channel channel = prepared(connection);
            try (ChildJvm child = ChildJvm.start(RabbitChildApp.class, List.of(), "--spring.rabbitmq.host=127.0.0.1",
                    "--spring.rabbitmq.port=" + RabbitBroker.port(), "--work-ms=8000", "--container-shutdown-timeout-ms=2000")) {
                child.awaitLine(line -> line.equals("started 0"), Duration.ofSeconds(90));
                Kill.process(child.pid(), Signal.TERM);
                assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);
                assertThat(child.output()).contains("Workers not finished", "order=intake-stopped,hook-start in-hand=1");
                assertThat(drain(channel)).as("the message in hand delivered again").containsExactlyInAnyOrder(0, 1, 2);
            }
        }
    }

    /** The queue, empty, then messages 0, 1 and 2 in it. */
    private static Channel prepared(Connection connection) throws Exception {
        Channel channel = connection.createChannel();
        channel.queueDeclare("work", true, false, false, null);
        channel.queuePurge("work");
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", "work", null, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        }
        return channel;
    }

    /** What the queue still holds once the child's channel is gone (the broker requeues its unacked messages then). */
    static List<Integer> drain(Channel channel) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (channel.queueDeclarePassive("work").getConsumerCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<Integer> left = new ArrayList<>();
        for (GetResponse message = channel.basicGet("work", true); message != null; message = channel.basicGet("work", true)) {
            left.add(Integer.parseInt(new String(message.getBody(), StandardCharsets.UTF_8)));
        }
        return left;
    }

    /** Publishes to the queue through the default exchange and waits for the broker's confirm: a confirmed message is the broker's. */
    private static final class Publisher implements SteadyProducer.Send {

        private final Channel channel;

        Publisher(Channel channel) throws Exception {
            this.channel = channel;
            channel.confirmSelect();
        }

        @Override
        public void send(int message) throws Exception {
            channel.basicPublish("", "work", null, Integer.toString(message).getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
        }
    }
}
