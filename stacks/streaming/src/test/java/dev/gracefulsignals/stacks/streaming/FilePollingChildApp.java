package dev.gracefulsignals.stacks.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.gracefulsignals.stacks.support.ShutdownOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.integration.core.MessageSource;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;
import org.springframework.integration.file.FileReadingMessageSource;
import org.springframework.integration.file.filters.AcceptOnceFileListFilter;
import org.springframework.integration.file.filters.ChainFileListFilter;
import org.springframework.integration.file.filters.SimplePatternFileListFilter;
import org.springframework.messaging.Message;

/**
 * A Spring Integration flow run as a child JVM by {@link IntegrationShutdownTest}: Integration's polling file
 * inbound adapter over a real directory ({@code --inbox}), every 50 ms, as many files per poll as there are. Each
 * file takes 200 ms, then moves to {@code --done}: a file is either done or still in the inbox, never half. It
 * records what it processed, when stop-intake finished and when the hook ran, and prints that order from the hook.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ShutdownOrder.Recording.class)
public class FilePollingChildApp {

    private final ShutdownOrder order = new ShutdownOrder();

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(FilePollingChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("order.hook-pause", "600ms")); // a poller still running would take files meanwhile
        application.run(args);
    }

    @Bean
    ShutdownOrder shutdownOrder() {
        return order;
    }

    @Bean
    IntegrationFlow inbox(@Value("${inbox}") Path inbox, @Value("${done}") Path done) {
        FileReadingMessageSource files = new FileReadingMessageSource();
        files.setDirectory(inbox.toFile());
        ChainFileListFilter<java.io.File> filter = new ChainFileListFilter<>();
        filter.addFilter(new SimplePatternFileListFilter("*.txt"));
        filter.addFilter(new AcceptOnceFileListFilter<>());
        files.setFilter(filter);
        MessageSource<java.io.File> source = files;
        return IntegrationFlow.from(source, endpoint -> endpoint.poller(Pollers.fixedDelay(Duration.ofMillis(50)).maxMessagesPerPoll(-1)))
                .handle(message -> process(message, done))
                .get();
    }

    private void process(Message<?> message, Path done) {
        Path file = ((java.io.File) message.getPayload()).toPath();
        try {
            Thread.sleep(200); // a file takes a moment: one is in hand when TERM comes
            Files.move(file, done.resolve(file.getFileName()));
        } catch (InterruptedException interrupted) {
            System.out.println("interrupted in hand " + file.getFileName());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in hand", interrupted);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        order.add("processed " + file.getFileName());
        System.out.println("processed " + file.getFileName());
    }
}
