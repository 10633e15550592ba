package dev.gracefulsignals.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Events kept in memory until a shutdown hook flushes them: what a real app would lose on kill -9.
 * After the flush, events are written straight to the file: requests still in flight finish while
 * the context closes, after the hooks ran, and their events must not be lost.
 */
@Component
public class EventBuffer {

    private final List<String> entries = new ArrayList<>();
    private @Nullable Path flushedTo;

    public synchronized void add(String entry) {
        String line = Instant.now() + " " + entry;
        if (flushedTo == null) {
            entries.add(line);
            return;
        }
        try {
            Files.write(flushedTo, List.of(line + " (after the flush)"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Appends every entry to the file, empties the buffer and writes later entries straight there; returns how many were flushed. */
    public synchronized int flushTo(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, entries, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        int written = entries.size();
        entries.clear();
        flushedTo = file;
        return written;
    }
}
