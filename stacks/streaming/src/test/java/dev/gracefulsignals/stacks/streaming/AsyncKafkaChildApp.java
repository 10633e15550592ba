package dev.gracefulsignals.stacks.streaming;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * A {@code @KafkaListener} whose result is a {@code CompletableFuture} that completes 1 s later on a pool of the app's
 * own, run as a child JVM by {@link AsyncKafkaShutdownTest}: Spring Kafka acknowledges each record when its future
 * completes. It records what it received and completed, when stop-intake finished and when the hook ran, and prints
 * that order from the hook.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AsyncKafkaChildApp.Listener.class)
public class AsyncKafkaChildApp {

    static final List<String> ORDER = new CopyOnWriteArrayList<>();

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(AsyncKafkaChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    static class Listener {

        /** Not a bean: cancel-tasks would otherwise stop it; the work is the listener's alone. */
        private final ExecutorService pool = Executors.newFixedThreadPool(8);

        @KafkaListener(topics = "work", groupId = "graceful")
        CompletableFuture<Void> on(ConsumerRecord<String, String> record) {
            ORDER.add("received " + record.offset());
            System.out.println("received " + record.offset());
            return CompletableFuture.runAsync(new Slow(record.offset()), pool);
        }
    }

    /** The asynchronous work of one record: a second, then done. */
    record Slow(long offset) implements Runnable {

        @Override
        public void run() {
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            ORDER.add("completed " + offset);
            System.out.println("completed " + offset);
        }
    }


    @Bean
    ShutdownObserver intakeWatch() {
        return new ShutdownObserver() {
            @Override
            public void phaseFinished(String phase, Duration duration) {
                if (phase.equals("stop-intake")) {
                    ORDER.add("intake-stopped");
                }
            }
        };
    }

    @Bean
    ShutdownHook printOrder() {
        return () -> {
            ORDER.add("hook-start");
            Thread.sleep(1500); // a result still running would complete meanwhile
            System.out.println("order=" + String.join(",", ORDER));
        };
    }
}
