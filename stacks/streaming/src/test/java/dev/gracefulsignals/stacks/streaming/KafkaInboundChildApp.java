package dev.gracefulsignals.stacks.streaming;

import dev.gracefulsignals.stacks.support.ShutdownOrder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.kafka.dsl.Kafka;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * A Spring Integration flow from Integration's message-driven Kafka inbound channel adapter (a
 * {@code MessageProducerSupport}, its container outside Spring Kafka's listener registry), run as a child JVM by
 * {@link IntegrationShutdownTest}. It records what it consumed, when stop-intake finished and when the hook ran, and
 * prints that order from the hook.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ShutdownOrder.Recording.class) // the hook waits 500 ms: an adapter still consuming would consume meanwhile
public class KafkaInboundChildApp {

    private final ShutdownOrder order = new ShutdownOrder();

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(KafkaInboundChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    @Bean
    ShutdownOrder shutdownOrder() {
        return order;
    }

    @Bean
    IntegrationFlow fromKafka(ConsumerFactory<String, String> consumers) {
        return IntegrationFlow.from(Kafka.messageDrivenChannelAdapter(consumers, "work"))
                .handle(message -> {
                    Object offset = message.getHeaders().get(KafkaHeaders.OFFSET);
                    order.add("consumed " + offset);
                    System.out.println("consumed " + offset);
                    try {
                        Thread.sleep(20); // a message takes a moment: one is usually in hand when TERM comes
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted in hand", interrupted);
                    }
                })
                .get();
    }
}
