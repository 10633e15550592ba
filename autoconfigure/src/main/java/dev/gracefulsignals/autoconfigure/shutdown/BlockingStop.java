package dev.gracefulsignals.autoconfigure.shutdown;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.Lifecycle;

/**
 * Lifecycles whose {@code stop()} blocks until they have finished what they hold (Spring Cloud Stream's input
 * bindings, Spring Integration's message-driven adapters: a Kafka container stops after the record in hand), stopped
 * one after another on a daemon thread of their own, then {@code done}. So stop-intake's thread keeps its clock:
 * the other intakes stop meanwhile, and the deadline cuts a stop that hangs instead of waiting for it. Where no
 * thread can be made (a process at its pids limit) they stop on the caller's thread. A stop that fails is logged
 * and the next one still runs. A named class, not a lambda: the exit path (see the package-info of
 * {@code dev.gracefulsignals.shutdown}).
 */
final class BlockingStop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(BlockingStop.class);

    private final String name;
    private final List<? extends Lifecycle> lifecycles;
    private final Runnable done;

    private BlockingStop(String name, List<? extends Lifecycle> lifecycles, Runnable done) {
        this.name = name;
        this.lifecycles = List.copyOf(lifecycles);
        this.done = done;
    }

    /** Stops {@code lifecycles} on a thread named after the intake, then runs {@code done}; at once when there are none. */
    static void start(String name, List<? extends Lifecycle> lifecycles, Runnable done) {
        BlockingStop stop = new BlockingStop(name, lifecycles, done);
        if (lifecycles.isEmpty()) {
            done.run();
            return;
        }
        Thread thread;
        try {
            thread = new Thread(stop, "graceful-stop-" + name.replace(' ', '-'));
            thread.setDaemon(true); // the deadline, not this stop, decides when the process ends
            thread.start();
        } catch (OutOfMemoryError noThread) {
            log.warn("Stopping {} on {}: no thread could be made ({})", name, Thread.currentThread().getName(), noThread.getMessage());
            stop.run();
        }
    }

    @Override
    public void run() {
        try {
            for (Lifecycle lifecycle : lifecycles) {
                try {
                    lifecycle.stop();
                } catch (RuntimeException failure) {
                    log.error("Stopping {} ({}) failed; the shutdown goes on", name, lifecycle, failure);
                }
            }
        } finally {
            done.run();
        }
    }
}
