package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
 * It is requested once, when the shutdown sequence stops intake (after the drain delay, before the
 * task grace period starts, while beans are still alive), and never reset.
 *
 * <p>Work that must not be cut can be <em>held</em>: after intake stops, the sequence waits for held
 * work (up to the task grace period) before it interrupts anything, and the report line names what
 * was still held when the grace period ran out.
 *
 * <pre>{@code
 * try (ShutdownToken.Held held = token.hold("import-batch")) {
 *     importBatch();
 * }
 * }</pre>
 */
public final class ShutdownToken {

    private static final Logger log = LoggerFactory.getLogger(ShutdownToken.class);

    private final CompletableFuture<ShutdownTrigger> requested = new CompletableFuture<>();
    /** The work held now, in the order it was taken; guarded by itself, which is also what waiters wait on. */
    private final List<Held> held = new ArrayList<>();

    /**
     * Marks work in progress under a name, until the returned {@link Held} is closed. Use it with
     * try-with-resources; closing twice is harmless. Holding after shutdown was requested is allowed
     * (work already accepted may need it) and is waited for the same way.
     */
    public Held hold(String name) {
        Held made = new Held(Objects.requireNonNull(name, "name"));
        synchronized (held) {
            held.add(made);
        }
        return made;
    }

    /** How many pieces of work are held now. */
    public int heldCount() {
        synchronized (held) {
            return held.size();
        }
    }

    /** The names of the work held now, oldest first. */
    public List<String> heldNames() {
        synchronized (held) {
            // A loop, not a stream: the shutdown sequence calls this on the exit path (see package-info).
            List<String> names = new ArrayList<>(held.size());
            for (Held work : held) {
                names.add(work.name());
            }
            return List.copyOf(names);
        }
    }

    /**
     * Waits until no work is held, the timeout passes or {@code stop} opens (checked every few
     * milliseconds); true when nothing is held.
     */
    boolean awaitReleased(Duration timeout, CountDownLatch stop) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (held) {
            while (!held.isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0 || stop.getCount() == 0) {
                    return false;
                }
                held.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 20)));
            }
            return true;
        }
    }

    private void release(Held done) {
        synchronized (held) {
            if (held.remove(done)) {
                held.notifyAll();
            }
        }
    }

    /** Work in progress that the shutdown waits for; {@link #close()} releases it. */
    public final class Held implements AutoCloseable {

        private final String name;

        private Held(String name) {
            this.name = name;
        }

        /** The name the report line uses for it. */
        public String name() {
            return name;
        }

        /** Releases it: the shutdown no longer waits for this work. */
        @Override
        public void close() {
            release(this);
        }

        @Override
        public String toString() {
            return "Held[" + name + "]";
        }
    }

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
