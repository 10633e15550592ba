package dev.gracefulsignals.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * A {@code @KafkaListener} app run as a child JVM by {@link KafkaShutdownTest}, against the broker
 * the test runs. It records what it consumed, when stop-intake finished and when the hook ran, and
 * prints that order from the hook.
 */
@SpringBootApplication
public class KafkaChildApp {

    private final List<String> order = new CopyOnWriteArrayList<>();

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(KafkaChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    @KafkaListener(topics = "work", groupId = "graceful")
    void on(ConsumerRecord<String, String> record) throws InterruptedException {
        order.add("consumed " + record.offset());
        System.out.println("consumed " + record.offset());
        Thread.sleep(20); // a message takes a moment: one is usually in hand when TERM comes
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
            Thread.sleep(500); // a listener still running would consume meanwhile
            System.out.println("order=" + String.join(",", order));
        };
    }
}
