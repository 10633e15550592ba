package dev.gracefulsignals.stacks.messaging;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends messages 0, 1, 2... every 2 ms, faster than the child's listener works (20 ms each), so the broker has a
 * backlog and the listener a full prefetch when TERM arrives. Counts only what the broker confirmed.
 */
public final class SteadyProducer {

    /** Sends one message and returns once the broker has it. */
    public interface Send {
        void send(int message) throws Exception;
    }

    private final Send send;
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;
    private volatile Exception failed;

    public SteadyProducer(Send send) {
        this.send = send;
        this.thread = new Thread(this::produce, "steady-producer");
    }

    public void start() {
        thread.start();
    }

    private void produce() {
        try {
            for (int i = 0; producing.get(); i++) {
                send.send(i);
                sent.incrementAndGet();
                Thread.sleep(2);
            }
        } catch (Exception sendFailed) {
            failed = sendFailed;
        }
    }

    /** Stops and returns how many messages the broker confirmed: messages 0 to that number less one. */
    public int stop() throws Exception {
        producing.set(false);
        thread.join(30_000);
        if (failed != null) {
            throw new IllegalStateException("The producer failed after " + sent.get() + " messages", failed);
        }
        return sent.get();
    }
}
