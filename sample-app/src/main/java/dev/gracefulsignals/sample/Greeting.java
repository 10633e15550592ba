package dev.gracefulsignals.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.gracefulsignals.spring.SignalReloadEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The greeting, read from an external file at startup and again on every HUP. */
@Component
public class Greeting {

    private static final Logger log = LoggerFactory.getLogger(Greeting.class);
    static final String DEFAULT = "Hello from Graceful Signals";

    private final Path file;
    private volatile String current;

    public Greeting(SampleProperties properties) throws IOException {
        this.file = properties.greetingFile();
        if (Files.notExists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, DEFAULT + "\n");
        }
        this.current = read();
    }

    // tag::reload[]
    @EventListener
    void reload(SignalReloadEvent event) {
        try {
            String previous = current;
            current = read();
            log.info("Reloaded the greeting from {} on {}: '{}' -> '{}'", file, event.getSignal(), previous, current);
        } catch (IOException unreadable) {
            log.warn("Kept the greeting '{}': {} could not be read ({})", current, file, unreadable.toString());
        }
    }
    // end::reload[]

    private String read() throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    public String current() {
        return current;
    }

    public Path file() {
        return file;
    }
}
