package dev.gracefulsignals.autoconfigure;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;

/**
 * One signal's serial delivery lane, on its own thread ("graceful-signals-events-USR1"): deliveries of
 * the signal stay in order, a slow method for it holds up no other signal, and deliveries that
 * arrive while one is running merge into a single pending one, counts added, as the kernel merges a
 * pending signal. So a flood queues at most one delivery per signal, however slow the methods.
 */
final class SignalLane {

    private final ThreadPoolExecutor thread;
    private final Consumer<SignalReceived> deliver;
    private final AtomicReference<@Nullable SignalReceived> pending = new AtomicReference<>();

    SignalLane(Signal signal, Consumer<SignalReceived> deliver) {
        this.deliver = deliver;
        // One thread at most, started on demand and ended after a minute idle.
        this.thread = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread lane = new Thread(runnable, "graceful-signals-events-" + signal.name());
            lane.setDaemon(true);
            return lane;
        });
        this.thread.allowCoreThreadTimeOut(true);
    }

    /** Called on the dispatcher thread: merges into the pending delivery, or schedules one. Never blocks. */
    void offer(SignalReceived received) {
        SignalReceived before;
        do {
            before = pending.get();
        } while (!pending.compareAndSet(before, before == null ? received : before.coalesce(received)));
        if (before == null) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException closed) {
                pending.set(null); // the context is closing: nobody is left to deliver to
            }
        }
    }

    private void drain() {
        SignalReceived received = pending.getAndSet(null);
        if (received != null) {
            deliver.accept(received);
        }
    }

    void close() {
        thread.shutdown();
    }
}
