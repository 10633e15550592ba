package dev.gracefulsignals.autoconfigure.shutdown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * Stops the application's executors: {@code @Scheduled} methods stop being triggered, scheduled tasks
 * stop being scheduled, running tasks get the grace period to finish, then are interrupted. Covers
 * the thread pools and what Boot makes with {@code spring.threads.virtual.enabled=true}
 * ({@link SimpleAsyncTaskExecutor}, {@code SimpleAsyncTaskScheduler}), whose threads
 * {@link TrackAsyncTasks} has them track. Only executors that already exist are touched.
 *
 * <p>Loops and a named class, no lambdas: the exit path (see the package-info of {@code dev.gracefulsignals.shutdown}).
 */
final class TaskCancellation {

    private static final Logger log = LoggerFactory.getLogger(TaskCancellation.class);

    private TaskCancellation() {
    }

    /** Returns how many tasks were interrupted or dropped before they started. */
    static long cancel(ConfigurableListableBeanFactory beans, Duration grace) {
        // @Scheduled first: no trigger fires from now on, whichever scheduler runs it.
        for (ScheduledTaskHolder holder : existing(beans, ScheduledTaskHolder.class)) {
            for (ScheduledTask task : holder.getScheduledTasks()) {
                task.cancel(false);
            }
        }
        Set<ExecutorService> executors = new LinkedHashSet<>();
        for (ThreadPoolTaskScheduler scheduler : existing(beans, ThreadPoolTaskScheduler.class)) {
            try {
                ScheduledThreadPoolExecutor executor = scheduler.getScheduledThreadPoolExecutor();
                // Periodic and delayed tasks end with the shutdown instead of being scheduled again.
                executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
                executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
                executors.add(executor);
            } catch (IllegalStateException notInitialized) {
                // never started: nothing runs on it
            }
        }
        for (ThreadPoolTaskExecutor taskExecutor : existing(beans, ThreadPoolTaskExecutor.class)) {
            try {
                executors.add(taskExecutor.getThreadPoolExecutor());
            } catch (IllegalStateException notInitialized) {
                // never started
            }
        }
        // Plain JDK pools only: other ExecutorService beans (a Netty EventLoopGroup, say) carry I/O the hooks may need.
        executors.addAll(existing(beans, ThreadPoolExecutor.class));
        log.debug("Stopping executors {}", executors);
        for (ExecutorService executor : executors) {
            executor.shutdown();
        }

        long deadline = System.nanoTime() + grace.toNanos();
        // Virtual-thread executors and schedulers: close() stops triggers and new tasks, waits up to the
        // termination timeout TrackAsyncTasks set (the grace period) and interrupts what still runs.
        // All at once, so that together they take one grace period, not one each.
        closeTogether(existing(beans, SimpleAsyncTaskExecutor.class), deadline);
        long cancelled = 0;
        for (ExecutorService executor : executors) {
            try {
                if (executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    continue;
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            int running = executor instanceof ThreadPoolExecutor pool ? pool.getActiveCount() : 0;
            int neverStarted = executor.shutdownNow().size();
            cancelled += running + neverStarted;
            log.info("Interrupted {} running task(s) and dropped {} queued task(s) of {} after the {} ms grace period",
                    running, neverStarted, executor, grace.toMillis());
        }
        return cancelled;
    }

    private static void closeTogether(List<SimpleAsyncTaskExecutor> executors, long deadline) {
        List<Thread> closing = new ArrayList<>();
        for (SimpleAsyncTaskExecutor executor : executors) {
            Thread closer = new Thread(new Close(executor), "graceful-shutdown-close-" + executor.getThreadNamePrefix());
            closer.setDaemon(true);
            try {
                closer.start();
                closing.add(closer);
            } catch (OutOfMemoryError noThread) {
                executor.close(); // no thread to be had: close it here, one grace period more at worst
            }
        }
        try {
            for (Thread closer : closing) {
                closer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes one executor, on a thread of its own. */
    private static final class Close implements Runnable {

        private final SimpleAsyncTaskExecutor executor;

        Close(SimpleAsyncTaskExecutor executor) {
            this.executor = executor;
        }

        @Override
        public void run() {
            executor.close();
        }
    }

    private static <T> List<T> existing(ConfigurableListableBeanFactory beans, Class<T> type) {
        List<T> found = new ArrayList<>();
        // allowEagerInit=false and containsSingleton: never create a bean during shutdown.
        for (String name : beans.getBeanNamesForType(type, false, false)) {
            if (beans.containsSingleton(name)) {
                found.add(beans.getBean(name, type));
            }
        }
        return found;
    }
}
