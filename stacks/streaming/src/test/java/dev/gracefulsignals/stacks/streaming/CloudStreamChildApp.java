package dev.gracefulsignals.stacks.streaming;

import java.util.function.Consumer;

import dev.gracefulsignals.stacks.support.ShutdownOrder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * A Spring Cloud Stream app (a functional {@code Consumer} bound to the topic {@code work} through the Kafka binder)
 * run as a child JVM by {@link CloudStreamShutdownTest}. It records what it consumed, when stop-intake finished and
 * when the hook ran, and prints that order from the hook. No component scan: the other child apps share the package.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ShutdownOrder.Recording.class) // the hook waits 500 ms: a binding still consuming would consume meanwhile
public class CloudStreamChildApp {

    private final ShutdownOrder order = new ShutdownOrder();

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(CloudStreamChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    @Bean
    ShutdownOrder shutdownOrder() {
        return order;
    }

    @Bean
    Consumer<Message<String>> work() {
        return message -> {
            Object offset = message.getHeaders().get(KafkaHeaders.OFFSET);
            order.add("consumed " + offset);
            System.out.println("consumed " + offset);
            try {
                Thread.sleep(20); // a message takes a moment: one is usually in hand when TERM comes
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in hand", interrupted);
            }
        };
    }
}
