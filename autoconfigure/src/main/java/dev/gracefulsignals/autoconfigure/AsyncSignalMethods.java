package dev.gracefulsignals.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code @OnSignal(async = true)} methods on a bounded pool, "graceful-signals-async-N", of
 * {@code graceful.async-threads} threads. Each method runs once at a time: a delivery that finds it still
 * running (or waiting for a thread) merges into its next run, counts added, is counted in the
 * {@code signals.async.merged} meter and logged once per method. So a slow method and a flood of
 * signals hold at most one waiting run per method, never more threads.
 */
final class AsyncSignalMethods {

    private static final Logger log = LoggerFactory.getLogger(AsyncSignalMethods.class);

    private final ThreadPoolExecutor pool;
    private final Map<OnSignalMethods.SignalMethod, Slot> slots = new ConcurrentHashMap<>();
    private final BiConsumer<OnSignalMethods.SignalMethod, SignalReceived> run;
    private final List<SignalDeliveryObserver> observers;

    AsyncSignalMethods(int threads, BiConsumer<OnSignalMethods.SignalMethod, SignalReceived> run, List<SignalDeliveryObserver> observers) {
        this.run = run;
        this.observers = observers;
        AtomicInteger numbers = new AtomicInteger();
        // The queue holds at most one run per async method (a busy method's deliveries merge), so it stays small.
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "graceful-signals-async-" + numbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** Runs the method with this delivery, or merges the delivery into its pending run. Never blocks. */
    void submit(OnSignalMethods.SignalMethod method, SignalReceived received) {
        Slot slot = slots.computeIfAbsent(method, Slot::new);
        if (slot.offer(received)) {
            try {
                pool.execute(slot::run);
            } catch (RejectedExecutionException closing) {
                slot.clear(); // the context is closing: nobody is left to run it
            }
        }
    }

    /**
     * Runs a task on the pool now, outside the once-at-a-time slots: the shutdown step's run of a shutdown signal's
     * async method, which it waits for itself. False when the pool has no thread to give (closing, or none can be made).
     */
    boolean runNow(Runnable task) {
        try {
            pool.execute(task);
            return true;
        } catch (RejectedExecutionException | OutOfMemoryError noThread) {
            return false;
        }
    }

    void close() {
        pool.shutdown();
    }

    private final class Slot {

        private final OnSignalMethods.SignalMethod method;
        private @Nullable SignalReceived pending;
        private boolean claimed;
        private boolean merging;

        Slot(OnSignalMethods.SignalMethod method) {
            this.method = method;
        }

        boolean offer(SignalReceived received) {
            boolean firstMerge;
            synchronized (this) {
                pending = pending == null ? received : pending.coalesce(received);
                if (!claimed) {
                    claimed = true;
                    return true;
                }
                firstMerge = !merging;
                merging = true;
            }
            if (firstMerge) {
                log.warn("@OnSignal(async = true) method {} is still running when {} arrived again; further deliveries merge"
                        + " into its next run, counts added (logged once; counted in signals.async.merged)", method.describe(), received.signal());
            }
            for (SignalDeliveryObserver observer : observers) {
                try {
                    observer.asyncMerged(received, method.describe());
                } catch (RuntimeException failure) {
                    log.error("Signal delivery observer {} failed; the others still run", observer, failure);
                }
            }
            return false;
        }

        void run() {
            while (true) {
                SignalReceived next;
                synchronized (this) {
                    next = pending;
                    pending = null;
                    if (next == null) {
                        claimed = false;
                        return;
                    }
                }
                AsyncSignalMethods.this.run.accept(method, next);
            }
        }

        synchronized void clear() {
            pending = null;
            claimed = false;
        }
    }
}
