package dev.gracefulsignals.stacks.messaging;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the child apps' listeners do with a message: work for a while, as a call to a database or another service
 * does, which an interrupt does not cut short (a blocking socket read ignores it), and note when it started and ended.
 */
public final class Work {

    private final List<String> order;
    private final long millis;
    private final AtomicInteger inHand = new AtomicInteger();

    public Work(List<String> order, long millis) {
        this.order = order;
        this.millis = millis;
    }

    public void on(String message) {
        inHand.incrementAndGet();
        System.out.println("started " + message);
        boolean interrupted = false;
        long end = System.nanoTime() + millis * 1_000_000;
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException ignored) {
                interrupted = true; // noted, not obeyed: the call goes on
            }
        }
        order.add("processed " + message);
        System.out.println("processed " + message);
        inHand.decrementAndGet();
        if (interrupted) {
            System.out.println("interrupted while processing " + message);
            Thread.currentThread().interrupt();
        }
    }

    /** How many messages a listener is working on now. */
    public int inHand() {
        return inHand.get();
    }
}
