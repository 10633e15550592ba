package dev.gracefulsignals.stacks.messaging.jms;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.stacks.messaging.Work;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jms.annotation.JmsListener;

/**
 * A {@code @JmsListener} app with Boot's listener defaults (a default message listener container on a locally
 * transacted session: the container commits after the listener returns, and rolls back when it throws), run as a
 * child JVM by {@link JmsShutdownTest} against the Artemis broker the test runs (over TCP). It records each message it
 * has processed, when stop-intake finished and when the hook ran, and prints that order from the hook.
 */
@SpringBootApplication(excludeName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration")
public class JmsChildApp {

    private final List<String> order = new CopyOnWriteArrayList<>();

    private final Work work;

    JmsChildApp(@Value("${work-ms:20}") long workMillis) {
        this.work = new Work(order, workMillis);
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(JmsChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    @JmsListener(destination = "work")
    void on(String message) {
        work.on(message); // 20 ms by default: one message is usually in hand when TERM comes
    }

    @Bean
    ShutdownObserver intakeWatch() {
        return new ShutdownObserver() {
            @Override
            public void phaseFinished(String phase, Duration duration) {
                if (phase.equals("stop-intake")) {
                    order.add("intake-stopped");
                }
            }
        };
    }

    /** A resource the listener uses (a client, a pool), closed with the context: the listener should be done by then. */
    @Bean
    DisposableBean resource() {
        return () -> System.out.println("resource-closed in-hand=" + work.inHand());
    }

    @Bean
    ShutdownHook printOrder() {
        return () -> {
            order.add("hook-start in-hand=" + work.inHand());
            Thread.sleep(500); // a listener still running would process meanwhile
            System.out.println("order=" + String.join(",", order));
        };
    }
}
