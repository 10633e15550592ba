package dev.gracefulsignals.stacks.streaming;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.gracefulsignals.stacks.support.ShutdownOrder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.core.publisher.Mono;

/**
 * A {@code @KafkaListener} whose result is a {@code CompletableFuture} or a {@code Mono} ({@code --listener}) that
 * completes 1 s later, run as a child JVM by {@link AsyncKafkaShutdownTest}: Spring Kafka acknowledges each record when its future
 * completes. It records what it received and completed, when stop-intake finished and when the hook ran, and prints
 * that order from the hook.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({AsyncKafkaChildApp.FutureListener.class, AsyncKafkaChildApp.MonoListener.class, ShutdownOrder.Recording.class})
public class AsyncKafkaChildApp {

    /** Static: the listeners and the records that end their work add to it. */
    static final ShutdownOrder ORDER = new ShutdownOrder();

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(AsyncKafkaChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("order.hook-pause", "1500ms")); // a result still running would complete meanwhile
        application.run(args);
    }

    @Bean
    ShutdownOrder shutdownOrder() {
        return ORDER;
    }

    /** {@code --listener=future}: the result is a {@code CompletableFuture} completed on the app's own pool. */
    @ConditionalOnProperty(name = "listener", havingValue = "future")
    static class FutureListener {

        /** Not a bean: cancel-tasks would otherwise stop it; the work is the listener's alone. */
        private final ExecutorService pool = Executors.newFixedThreadPool(8);

        @KafkaListener(topics = "work", groupId = "graceful")
        CompletableFuture<Void> on(ConsumerRecord<String, String> record) {
            ORDER.add("received " + record.offset());
            System.out.println("received " + record.offset());
            return CompletableFuture.runAsync(new Slow(record.offset()), pool);
        }
    }

    /** {@code --listener=mono}: the result is a {@code Mono}, its second on Reactor's own scheduler. */
    @ConditionalOnProperty(name = "listener", havingValue = "mono")
    static class MonoListener {

        @KafkaListener(topics = "work", groupId = "graceful")
        Mono<Void> on(ConsumerRecord<String, String> record) {
            ORDER.add("received " + record.offset());
            System.out.println("received " + record.offset());
            return Mono.delay(Duration.ofSeconds(1)).doOnNext(new Done(record.offset())).then();
        }
    }

    /** The end of a {@code Mono} result's work. */
    record Done(long offset) implements Consumer<Long> {

        @Override
        public void accept(Long ignored) {
            ORDER.add("completed " + offset);
            System.out.println("completed " + offset);
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
}
