package dev.gracefulsignals.sample;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import dev.gracefulsignals.shutdown.ShutdownToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A scheduled job and a long task that both watch the {@link ShutdownToken}: the token is requested
 * when the shutdown reaches its cancel-tasks phase, and each stops at its next safe point instead of
 * being interrupted mid-batch.
 */
@Component
public class BackgroundWork {

    private static final Logger log = LoggerFactory.getLogger(BackgroundWork.class);

    private final ShutdownToken token;
    private final EventBuffer buffer;
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    public BackgroundWork(ShutdownToken token, EventBuffer buffer) {
        this.token = token;
        this.buffer = buffer;
    }

    // tag::scheduled-job[]
    @Scheduled(fixedDelay = 1000)
    void heartbeat() {
        if (token.isRequested()) {
            return; // the shutdown has begun: start nothing new
        }
        buffer.add("heartbeat " + heartbeats.incrementAndGet());
    }
    // end::scheduled-job[]

    // tag::long-task[]
    @Async
    public CompletableFuture<Long> reindex() {
        log.info("Long task started: one batch every 500 ms until the shutdown");
        try {
            do {
                batches.incrementAndGet(); // one unit of work that must not be cut in half
            } while (!token.await(Duration.ofMillis(500))); // sleeps, but wakes at once on shutdown
            log.info("Long task stopped at a safe point after {} batches ({})", batches.get(), token);
        } catch (InterruptedException interrupted) {
            log.warn("Long task interrupted after {} batches: the task grace period passed", batches.get());
        }
        return CompletableFuture.completedFuture(batches.get());
    }
    // end::long-task[]

    public long heartbeats() {
        return heartbeats.get();
    }

    public long batches() {
        return batches.get();
    }
}
