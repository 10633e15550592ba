package dev.gracefulsignals.stacks.messaging.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.stacks.messaging.MessageCount;
import dev.gracefulsignals.stacks.messaging.SteadyProducer;
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

                String line = child.output().lines().filter(output -> output.startsWith("order=")).findFirst().orElseThrow();
                List<String> order = Arrays.asList(line.substring(6).split(","));
                int intakeStopped = order.indexOf("intake-stopped");
                assertThat(intakeStopped).as(line).isPositive().isLessThan(order.indexOf("hook-start"));
                assertThat(order.subList(intakeStopped, order.size())).as("nothing processed after stop-intake")
                        .noneMatch(step -> step.startsWith("processed"));
                List<Integer> processed = order.stream().filter(step -> step.startsWith("processed "))
                        .map(step -> Integer.parseInt(step.substring(10))).toList();
                List<Integer> left = drain(channel);
                System.out.printf("rabbit: produced %d, processed %d, left in the queue %d%n", produced, processed.size(), left.size());
                MessageCount.assertExactlyOnceOrLeft(produced, processed, left);
            }
        }
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
