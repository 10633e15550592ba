package dev.gracefulsignals.stacks.messaging.jms;

import dev.gracefulsignals.stacks.messaging.Work;
import dev.gracefulsignals.stacks.support.ShutdownOrder;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jms.annotation.JmsListener;

/**
 * A {@code @JmsListener} app with Boot's listener defaults (a default message listener container on a locally
 * transacted session: the container commits after the listener returns, and rolls back when it throws), run as a
 * child JVM by {@link JmsShutdownTest} against the Artemis broker the test runs (over TCP). It records each message it
 * has processed, when stop-intake finished and when the hook ran, and prints that order from the hook.
 */
@SpringBootApplication(excludeName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration")
@Import(ShutdownOrder.Recording.class) // the hook waits 500 ms: a listener still running would process meanwhile
public class JmsChildApp {

    private final ShutdownOrder order = new ShutdownOrder();

    private final Work work;

    JmsChildApp(@Value("${work-ms:20}") long workMillis) {
        this.work = new Work(order.steps(), workMillis);
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(JmsChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    @Bean
    ShutdownOrder shutdownOrder() {
        return order;
    }

    @JmsListener(destination = "work")
    void on(String message) {
        work.on(message); // 20 ms by default: one message is usually in hand when TERM comes
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
