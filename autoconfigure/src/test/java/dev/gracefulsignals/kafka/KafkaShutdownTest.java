package dev.gracefulsignals.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (spring-kafka-test's embedded KRaft broker, in this JVM) and a child JVM whose
 * {@code @KafkaListener} receives a steady stream when TERM arrives: the listener stops before the
 * hooks, nothing is consumed after stop-intake, and the committed offset covers exactly what was consumed.
 */
class KafkaShutdownTest {

    @Test
    void theListenerStopsBeforeTheHooksAndCommitsWhatItConsumed() throws Exception {
        Assumptions.assumeTrue(embeddedBrokerRuns(), "spring-kafka-test's embedded broker calls KafkaClusterTestKit.clientProperties(),"
                + " which the Kafka test kit on this class path lacks: under -Pboot-4.1 the only Kafka that resolves here is 4.3.1,"
                + " newer than spring-kafka-test 4.1's own line; the Boot 4.0 build runs this test");
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "work");
        broker.afterPropertiesSet();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            try (KafkaProducer<String, String> kafka = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.getBrokersAsString(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                for (int i = 0; producing.get(); i++) {
                    kafka.send(new ProducerRecord<>("work", "message " + i));
                    Thread.sleep(10);
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }, "steady-producer");
        try (ChildJvm child = ChildJvm.start(KafkaChildApp.class, List.of(), "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.kafka.consumer.auto-offset-reset=earliest")) {
            producer.start();
            for (int i = 0; i < 20; i++) {
                child.awaitLine(line -> line.startsWith("consumed "), Duration.ofSeconds(90));
            }
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);
            String line = child.output().lines().filter(output -> output.startsWith("order=")).findFirst().orElseThrow();
            List<String> order = Arrays.asList(line.substring(6).split(","));

            int intakeStopped = order.indexOf("intake-stopped");
            assertThat(intakeStopped).as(line).isPositive().isLessThan(order.indexOf("hook-start"));
            assertThat(order.subList(intakeStopped, order.size())).as("nothing consumed after stop-intake")
                    .noneMatch(step -> step.startsWith("consumed"));
            List<Long> consumed = order.stream().filter(step -> step.startsWith("consumed ")).map(step -> Long.parseLong(step.substring(9)))
                    .toList();
            long last = consumed.get(consumed.size() - 1);
            assertThat(consumed).as("every message once, in order").hasSize((int) last + 1).isSorted();
            OffsetAndMetadata committed = broker.doWithAdminFunction(admin -> {
                try {
                    return admin.listConsumerGroupOffsets("graceful").partitionsToOffsetAndMetadata().get().get(new TopicPartition("work", 0));
                } catch (Exception failed) {
                    throw new IllegalStateException(failed);
                }
            });
            assertThat(committed.offset()).as("the message in hand is committed, nothing more").isEqualTo(last + 1);
        } finally {
            producing.set(false);
            producer.join(10_000);
            broker.destroy();
        }
    }

    /** Whether spring-kafka-test's embedded broker and the Kafka test kit beside it are of matching lines. */
    private static boolean embeddedBrokerRuns() {
        try {
            Class.forName("org.apache.kafka.common.test.KafkaClusterTestKit").getMethod("clientProperties");
            return true;
        } catch (ReflectiveOperationException mismatched) {
            return false;
        }
    }
}
