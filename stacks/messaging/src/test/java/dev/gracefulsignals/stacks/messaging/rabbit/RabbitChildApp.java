package dev.gracefulsignals.stacks.messaging.rabbit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A {@code @RabbitListener} app with Boot's listener defaults (a simple container, acknowledge mode AUTO: the
 * container acks after the listener returns; prefetch 250), run as a child JVM by {@link RabbitShutdownTest} against
 * the broker the test started. It records each message it has processed, when stop-intake finished and when the hook
 * ran, and prints that order at the end (from the hook, or from its own shutdown hook without the starter).
 */
@SpringBootApplication(excludeName = {"org.springframework.boot.artemis.autoconfigure.ArtemisAutoConfiguration",
        "org.springframework.boot.jms.autoconfigure.JmsAutoConfiguration"})
public class RabbitChildApp {

    private final List<String> order = new CopyOnWriteArrayList<>();

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(RabbitChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    @Bean
    Queue work() {
        return new Queue("work");
    }

    @RabbitListener(queues = "work")
    void on(String message) throws InterruptedException {
        Thread.sleep(20); // the work a message takes: one is usually in hand when TERM comes
        order.add("processed " + message);
        System.out.println("processed " + message);
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

    @Bean
    ShutdownHook printOrder() {
        return () -> {
            order.add("hook-start");
            Thread.sleep(500); // a listener still running would process meanwhile
            System.out.println("order=" + String.join(",", order));
        };
    }
}
