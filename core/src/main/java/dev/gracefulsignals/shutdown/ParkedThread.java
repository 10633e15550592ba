package dev.gracefulsignals.shutdown;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * A daemon thread made before the signal and parked until it is handed the work it was made for, or let go: what a
 * shutdown runs on must exist before a shortage of threads or memory at TERM could keep it from being made. Handed
 * work at most once. Daemon while parked, so an application whose main returns still ends.
 */
public final class ParkedThread {

    private final String name;
    /** The work handed over; null work means "stand down". */
    private final AtomicReference<@Nullable Runnable> work = new AtomicReference<>();
    private final CountDownLatch handedOver = new CountDownLatch(1);
    private volatile @Nullable Thread thread;
    private volatile boolean released;

    /** @param name the thread's name */
    public ParkedThread(String name) {
        this.name = name;
    }

    /** Makes and starts the thread now, parked. Does nothing once started or released. */
    public synchronized void start() {
        if (thread != null || released) {
            return;
        }
        Thread parked = new Thread(new Parked(this), name);
        parked.setDaemon(true);
        parked.start();
        thread = parked;
    }

    /**
     * Hands {@code task} to the parked thread. False when it cannot take it (never started, released, already handed
     * work, or gone): the caller runs the work elsewhere.
     */
    public boolean hand(Runnable task) {
        Thread parked = thread;
        if (parked != null && parked.isAlive() && !released && work.compareAndSet(null, task)) {
            handedOver.countDown();
            return true;
        }
        return false;
    }

    /** Whether {@code candidate} is this thread. */
    public boolean is(Thread candidate) {
        return candidate == thread;
    }

    /** Lets the thread go unless it was handed work. */
    public void release() {
        released = true;
        handedOver.countDown();
    }

    private void awaitWork() {
        try {
            handedOver.await();
        } catch (InterruptedException interrupted) {
            return;
        }
        Runnable handed = work.get();
        if (handed != null) {
            handed.run();
        }
    }

    /** The thread's own work: wait to be handed the real work, or let go (a named class: no lambda on the exit path). */
    private static final class Parked implements Runnable {

        private final ParkedThread owner;

        Parked(ParkedThread owner) {
            this.owner = owner;
        }

        @Override
        public void run() {
            owner.awaitWork();
        }
    }

    @Override
    public String toString() {
        return "ParkedThread[" + name + "]";
    }
}
