package dev.gracefulsignals.autoconfigure.shutdown;

import java.time.Duration;

import dev.gracefulsignals.shutdown.ShutdownPhase;
import dev.gracefulsignals.shutdown.ShutdownSequence;
import dev.gracefulsignals.shutdown.phase.AwaitHeldWork;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * {@code cancel-tasks}: first the work held on the token gets the grace period to be released, then
 * executors and schedulers get what is left of it before their tasks are interrupted.
 */
final class CancelTasks implements ShutdownPhase {

    private final ConfigurableListableBeanFactory beans;
    private final Duration grace;

    CancelTasks(ConfigurableListableBeanFactory beans, Duration grace) {
        this.beans = beans;
        this.grace = grace;
    }

    @Override
    public String name() {
        return "cancel-tasks";
    }

    @Override
    public void run(ShutdownSequence sequence) throws InterruptedException {
        long start = System.nanoTime();
        AwaitHeldWork.await(sequence, grace);
        Duration left = sequence.hurried() ? Duration.ZERO : grace.minusNanos(System.nanoTime() - start);
        sequence.tasksCancelled(TaskCancellation.cancel(beans, left.isNegative() ? Duration.ZERO : left));
    }
}
