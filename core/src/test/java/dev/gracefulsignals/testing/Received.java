package dev.gracefulsignals.testing;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.dispatch.SignalListener;
import dev.gracefulsignals.signal.SignalReceived;

/** A listener that queues what it receives, for tests to await. */
public final class Received implements SignalListener {

    private final BlockingQueue<SignalReceived> queue = new LinkedBlockingQueue<>();

    @Override
    public void onSignal(SignalReceived signal) {
        queue.add(signal);
    }

    public SignalReceived await() throws InterruptedException {
        SignalReceived next = queue.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("No signal delivered within 10 s");
        }
        return next;
    }

    /** The next signal within the timeout, or null. */
    public SignalReceived poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
