package dev.gracefulsignals.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, no leaks: a flood of real signals through the native handler, the pipe and the dispatcher
 * leaves the heap (after GC), the thread count and the open file descriptors where they were.
 *
 * <p>Size: {@code -Dreliability.leak.signals} (default 100,000 for CI; {@code -Preliability} sends
 * 1,000,000). Only USR1 and WINCH are sent, to this JVM, and only while subscribed (USR1's default
 * action would end it; WINCH's is to ignore).
 *
 * <p>"Flat" means, after a warm-up of {@value #WARM_UP} signals: at most {@value #THREAD_TOLERANCE}
 * more threads (the JIT may add a compiler thread), at most {@value #FD_TOLERANCE} more fds, and at most
 * {@value #HEAP_TOLERANCE_BYTES} bytes more live heap after GC. A leak of one thread or fd per wake-up,
 * or of 64 bytes per event over the tens of thousands of events a flood makes, exceeds these many times over.
 */
class SignalFloodLeakTest {

    private static final int SIGNALS = Integer.getInteger("reliability.leak.signals", 100_000);
    private static final int WARM_UP = 20_000;
    private static final int THREAD_TOLERANCE = 2;
    private static final int FD_TOLERANCE = 2;
    private static final long HEAP_TOLERANCE_BYTES = 2L * 1024 * 1024;
    private static final Signal[] MIX = {Signal.USR1, Signal.WINCH};

    @AfterEach
    void everySubscriptionWasClosed() throws InterruptedException {
        SignalDeliveryTest.awaitDispatcherStopped();
    }

    /** What the process holds at one moment. */
    private record Footprint(long heapBytes, int threads, long fds) {

        static Footprint now() throws Exception {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long used = Long.MAX_VALUE;
            for (int i = 0; i < 4; i++) { // the lowest of a few full collections: reference processing can take two rounds
                System.gc();
                Thread.sleep(50);
                used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
            }
            return new Footprint(used, ManagementFactory.getThreadMXBean().getThreadCount(), SignalDeliveryTest.openFileDescriptors());
        }

        @Override
        public String toString() {
            return String.format("heap=%.2f MB threads=%d fds=%d", heapBytes / 1048576.0, threads, fds);
        }
    }

    @Test
    void aFloodOfSignalsLeavesHeapThreadsAndFdsFlat() throws Exception {
        AtomicLong events = new AtomicLong();
        AtomicLong total = new AtomicLong();
        try (Subscription subscription = Signals.subscribe(List.of(MIX), SubscribeOptions.defaults().backend(Backend.NATIVE), signal -> {
            events.incrementAndGet();
            total.addAndGet(signal.count());
        })) {
            send(WARM_UP);
            SignalDeliveryTest.awaitTotal(total, WARM_UP);
            Footprint before = Footprint.now();
            long eventsBefore = events.get();

            List<Footprint> samples = new ArrayList<>();
            long start = System.nanoTime();
            int rounds = 5;
            for (int round = 0; round < rounds; round++) {
                send(SIGNALS / rounds);
                SignalDeliveryTest.awaitTotal(total, WARM_UP + (long) (round + 1) * (SIGNALS / rounds));
                samples.add(Footprint.now());
            }
            long elapsed = System.nanoTime() - start;
            Footprint after = samples.get(samples.size() - 1);
            long floodEvents = events.get() - eventsBefore;

            System.out.printf("signal-flood-leak: signals=%d (+%d warm-up) events=%d delivered_count=%d in %d ms%n  before %s%n  rounds %s%n",
                    SIGNALS, WARM_UP, floodEvents, total.get(), TimeUnit.NANOSECONDS.toMillis(elapsed), before, samples);

            assertThat(floodEvents).as("coalesced into events").isBetween(1L, (long) SIGNALS);
            assertThat(Signals.isDispatcherAlive()).isTrue();
            for (Footprint sample : samples) {
                assertThat(sample.threads()).as("threads, %s vs %s", sample, before).isLessThanOrEqualTo(before.threads() + THREAD_TOLERANCE);
                assertThat(sample.fds()).as("fds, %s vs %s", sample, before).isLessThanOrEqualTo(before.fds() + FD_TOLERANCE);
            }
            assertThat(after.heapBytes()).as("live heap after GC, %s vs %s", after, before)
                    .isLessThanOrEqualTo(before.heapBytes() + HEAP_TOLERANCE_BYTES);

            long beforeLast = total.get();
            Kill.self(Signal.USR1);
            SignalDeliveryTest.awaitTotal(total, beforeLast + 1); // a signal after the flood is still delivered
        }
    }

    /**
     * raise(3): the handler runs on this thread before the call returns, so the kernel delivers every signal and the
     * counts must add up to exactly what was sent.
     */
    private static void send(int signals) {
        for (int i = 0; i < signals; i++) {
            Kill.raise(MIX[i % MIX.length]);
        }
    }
}
