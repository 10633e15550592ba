package dev.gracefulsignals.autoconfigure.signals;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulsignals.dispatch.Signals;

/**
 * The bounded pool, "graceful-signals-async-N", of {@code graceful.async-threads} threads that
 * {@code @OnSignal(async = true)} methods run on. Each async method has the core's delivery lanes on this pool
 * ({@link Signals#onExecutor}), fed in its declared place among the signal's methods, so it has the guarantees every
 * subscriber has: it runs once at a time per signal, in order; a delivery that finds it still running (or waiting for a thread) merges into
 * its next run, counts added, is counted in the {@code signals.async.merged} meter and logged once per method. So a
 * slow method and a flood of signals hold at most one waiting run per method and signal, never more threads.
 */
final class AsyncSignalMethods {

    private final ThreadPoolExecutor pool;

    AsyncSignalMethods(int threads) {
        AtomicInteger numbers = new AtomicInteger();
        // The queue holds at most one run per async method and signal (a busy method's deliveries merge), so it stays small.
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "graceful-signals-async-" + numbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** The pool, for the methods' lanes ({@link Signals#onExecutor}). */
    Executor executor() {
        return pool;
    }

    /**
     * Runs a task on the pool now, outside the methods' subscriptions: the shutdown step's run of a shutdown signal's
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
}
