package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.gracefulsignals.signal.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells long-running work that shutdown has begun, so it can stop at a safe point:
 *
 * <pre>{@code
 * while (!token.isRequested()) {
 *     processNextBatch();
 * }
 * }</pre>
 *
 * It is requested once, when the shutdown sequence reaches its task-cancellation phase (after the
 * drain delay, while beans are still alive), and never reset.
 */
public final class ShutdownToken {

    private static final Logger log = LoggerFactory.getLogger(ShutdownToken.class);

    private final CompletableFuture<ShutdownTrigger> requested = new CompletableFuture<>();

    /** Whether shutdown was requested. Cheap enough for a loop condition. */
    public boolean isRequested() {
        return requested.isDone();
    }

    /** What started the shutdown, once requested. */
    public Optional<ShutdownTrigger> trigger() {
        return Optional.ofNullable(requested.getNow(null));
    }

    /** The signal that started the shutdown, if a signal did. */
    public Optional<Signal> signal() {
        return trigger().flatMap(ShutdownTrigger::shutdownSignal);
    }

    /**
     * Runs the callback when shutdown is requested, on the thread that requests it (or at once, on
     * this thread, if it already was). A callback that throws is logged; the others still run.
     */
    public void onRequested(Consumer<ShutdownTrigger> callback) {
        requested.thenAccept(trigger -> {
            try {
                callback.accept(trigger);
            } catch (RuntimeException | Error failure) {
                log.error("A shutdown token callback failed; the others still run", failure);
            }
        });
    }

    /** Waits until shutdown is requested or the timeout passes; true when requested. */
    public boolean await(Duration timeout) throws InterruptedException {
        try {
            requested.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException notYet) {
            return false;
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A future completed with the trigger when shutdown is requested. Completing or cancelling the copy does not affect the token. */
    public CompletableFuture<ShutdownTrigger> asFuture() {
        return requested.copy();
    }

    /**
     * Requests the token for a context close that no shutdown sequence runs, as when the starter is
     * switched off ({@code graceful.enabled=false}): code that watches the token still stops with the
     * application. False if it already was requested.
     */
    public boolean requestForContextClose() {
        return request(ShutdownTrigger.contextClose());
    }

    /** Requests shutdown; false if it already was. */
    boolean request(ShutdownTrigger trigger) {
        return requested.complete(trigger);
    }

    @Override
    public String toString() {
        return "ShutdownToken[" + trigger().map(ShutdownTrigger::label).orElse("not requested") + "]";
    }
}
