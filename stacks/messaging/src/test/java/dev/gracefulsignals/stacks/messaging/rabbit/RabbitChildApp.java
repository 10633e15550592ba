package dev.gracefulsignals.stacks.messaging.rabbit;

import dev.gracefulsignals.stacks.messaging.Work;
import dev.gracefulsignals.stacks.support.ShutdownOrder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A {@code @RabbitListener} app with Boot's listener defaults (a simple container, acknowledge mode AUTO: the
 * container acks after the listener returns; prefetch 250), run as a child JVM by {@link RabbitShutdownTest} against
 * the broker the test started. It records each message it has processed, when stop-intake finished and when the hook
 * ran, and prints that order at the end (from the hook, or from its own shutdown hook without the starter).
 */
@SpringBootApplication(excludeName = {"org.springframework.boot.artemis.autoconfigure.ArtemisAutoConfiguration",
        "org.springframework.boot.jms.autoconfigure.JmsAutoConfiguration"})
@Import(ShutdownOrder.Recording.class) // the hook waits 500 ms: a listener still running would process meanwhile
public class RabbitChildApp {

    private final ShutdownOrder order = new ShutdownOrder();

    private final Work work;

    RabbitChildApp(@Value("${work-ms:20}") long workMillis) {
        this.work = new Work(order.steps(), workMillis);
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(RabbitChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    @Bean
    ShutdownOrder shutdownOrder() {
        return order;
    }

    @Bean
    Queue workQueue() {
        return new Queue("work");
    }

    @RabbitListener(queues = "work")
    void on(String message) {
        work.on(message); // 20 ms by default: one message is usually in hand when TERM comes
    }

    /** {@code --container-shutdown-timeout-ms}: the container's own shutdown timeout as a user sets it; Spring AMQP's 5 s without. */
    @Bean
    ContainerCustomizer<SimpleMessageListenerContainer> shutdownTimeout(@Value("${container-shutdown-timeout-ms:0}") long millis) {
        return container -> {
            if (millis > 0) {
                container.setShutdownTimeout(millis);
            }
        };
    }

    /** A resource the listener uses (a client, a pool), closed with the context: the listener should be done by then. */
    @Bean
    DisposableBean resource() {
        return () -> System.out.println("resource-closed in-hand=" + work.inHand());
    }

    /** The hook's {@code hook-start} step says how many messages the listener still has in hand then. */
    @Bean
    ShutdownOrder.HookNote inHand() {
        return () -> "in-hand=" + work.inHand();
    }
}
