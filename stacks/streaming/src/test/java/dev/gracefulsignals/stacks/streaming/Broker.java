package dev.gracefulsignals.stacks.streaming;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker for one test (spring-kafka-test's embedded KRaft broker, in the test's JVM), a steady producer
 * into its topic and the group's committed offset: what the Kafka tests of this module share.
 */
final class Broker implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker kafka;
    private final String topic;
    private final AtomicBoolean producing = new AtomicBoolean();
    private final Thread producer;

    Broker(String topic) {
        this.topic = topic;
        this.kafka = new EmbeddedKafkaKraftBroker(1, 1, topic);
        this.kafka.afterPropertiesSet();
        this.producer = new Thread(this::produce, "steady-producer");
    }

    String address() {
        return kafka.getBrokersAsString();
    }

    /** One message every 10 ms ("message 0", "message 1", ...) until {@link #close()}. */
    void startProducing() {
        producing.set(true);
        producer.start();
    }

    private void produce() {
        try (KafkaProducer<String, String> client = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; producing.get(); i++) {
                client.send(new ProducerRecord<>(topic, "message " + i));
                Thread.sleep(10);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** The group's committed offset on partition 0, -1 when it committed none. */
    long committed(String group) {
        OffsetAndMetadata committed = kafka.doWithAdminFunction(admin -> {
            try {
                return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(new TopicPartition(topic, 0));
            } catch (Exception failed) {
                throw new IllegalStateException(failed);
            }
        });
        return committed == null ? -1 : committed.offset();
    }

    @Override
    public void close() throws InterruptedException {
        producing.set(false);
        producer.join(10_000);
        kafka.destroy();
    }
}
