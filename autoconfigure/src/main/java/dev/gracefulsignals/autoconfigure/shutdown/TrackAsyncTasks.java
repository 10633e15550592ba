package dev.gracefulsignals.autoconfigure.shutdown;

import java.time.Duration;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Gives every {@link SimpleAsyncTaskExecutor} (and so {@code SimpleAsyncTaskScheduler}, what Boot makes
 * with virtual threads on) the task grace period as its termination timeout, before it runs anything:
 * only then does it track its threads, so that {@code cancel-tasks} can wait for them and interrupt the
 * ones that outlive the grace period. Without it, virtual-thread tasks would run on, unseen, past the hooks.
 */
final class TrackAsyncTasks implements BeanPostProcessor {

    private final Duration grace;

    TrackAsyncTasks(Duration grace) {
        this.grace = grace;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof SimpleAsyncTaskExecutor executor) {
            executor.setTaskTerminationTimeout(Math.max(1, grace.toMillis()));
        }
        return bean;
    }
}
