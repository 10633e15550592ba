package dev.gracefulsignals.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalReceived;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import dev.gracefulsignals.testing.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How deliveries reach listeners: a stuck listener holds up nothing else, a listener's deliveries stay in order and
 * merge while it is busy, threads stay bounded, and signals blocked in the inherited mask still arrive. Real-time
 * signals here are ones no other test of this module uses; the kernel queues them instead of merging them, so the
 * handler counts every one sent.
 */
class DispatchTest {

    private static final Signal FIRST = Signal.of("RTMIN+5");
    private static final Signal SECOND = Signal.of("RTMIN+6");
    private static final Signal THIRD = Signal.of("RTMIN+7");

    @Test
    void aCoreListenerStuckOnWinchDelaysNeitherTermNorTheExit() throws Exception {
        try (ChildJvm child = ChildJvm.start(DispatchChild.class, List.of(), "slow-winch")) {
            child.awaitLine("ready");
            Kill.process(child.pid(), Signal.WINCH);
            child.awaitLine("winch started");
            Kill.process(child.pid(), Signal.TERM);
            // The WINCH listener sleeps 60 s; the TERM listener must not wait for it.
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(child.output()).contains("term received");
        }
    }

    @ParameterizedTest
    @CsvSource({"NATIVE,false", "NATIVE,true", "JVM,false"})
    void signalsBlockedInTheInheritedMaskAreStillDelivered(String backend, boolean reduceSignalUsage) throws Exception {
        List<String> options = reduceSignalUsage ? List.of("-Xrs") : List.of();
        try (ChildJvm child = ChildJvm.startBlocking(List.of("TERM", "USR1"), DispatchChild.class, options, "report", backend)) {
            assertThat(child.awaitLine("ready")).endsWith("undeliverable={}");
            long termAndUsr1 = (1L << (Signal.TERM.number() - 1)) | (1L << (Signal.USR1.number() - 1));
            assertThat(blockedOnMainThread(child.pid()) & termAndUsr1).as("the launcher blocked TERM and USR1 in the JVM's mask")
                    .isEqualTo(termAndUsr1);
            Kill.process(child.pid(), Signal.USR1);
            child.awaitLine("got SIGUSR1");
            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine("got SIGTERM");
            child.send("exit");
            assertThat(child.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void aListenerStuckOnOneSignalHoldsUpNeitherItsOtherSignalsNorOtherListeners() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Received mine = new Received();
        Received other = new Received();
        try (Subscription stuck = Signals.subscribe(signal -> {
            if (signal.signal() == FIRST) {
                entered.countDown();
                await(release);
            }
            mine.onSignal(signal);
        }, FIRST, SECOND);
             Subscription second = Signals.subscribe(other, FIRST)) {
            Kill.self(FIRST);
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(other.await().signal()).as("another listener of the same signal").isEqualTo(FIRST);
            Kill.self(SECOND);
            assertThat(mine.await().signal()).as("the same listener's other signal").isEqualTo(SECOND);
            release.countDown();
            assertThat(mine.await().signal()).isEqualTo(FIRST);
        }
    }

    @Test
    void deliveriesStayInOrderAndMergeWithTheirCountsWhileTheListenerIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<SignalReceived> seen = new CopyOnWriteArrayList<>();
        AtomicLong total = new AtomicLong();
        int senders = 4;
        int each = 250;
        try (Subscription subscription = Signals.subscribe(signal -> {
            seen.add(signal);
            total.addAndGet(signal.count());
            await(release); // busy until all was sent: what arrives meanwhile must merge
        }, FIRST)) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                threads.add(started(() -> {
                    for (int n = 0; n < each; n++) {
                        Kill.self(FIRST);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            release.countDown();
            awaitValue(total, senders * each);
            assertThat(total.get()).as("every signal sent is counted exactly once").isEqualTo(senders * each);
            assertThat(seen.size()).as("deliveries while busy merged").isLessThan(senders * each / 10);
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).monotonicNanos()).as("in order").isGreaterThanOrEqualTo(seen.get(i - 1).monotonicNanos());
            }
        }
    }

    @Test
    void threadsStayBoundedBySubscribedSignalsUnderAFloodWithSlowListeners() throws Exception {
        List<Signal> signals = List.of(FIRST, SECOND, THIRD);
        AtomicLong total = new AtomicLong();
        AtomicInteger mostThreads = new AtomicInteger();
        List<Subscription> subscriptions = new ArrayList<>();
        try {
            for (Signal signal : signals) {
                subscriptions.add(Signals.subscribe(received -> {
                    total.addAndGet(received.count());
                    mostThreads.accumulateAndGet(dispatchThreads(), Math::max);
                    sleep(5);
                }, signal));
            }
            int each = 2_000;
            List<Thread> senders = new ArrayList<>();
            for (Signal signal : signals) {
                senders.add(started(() -> {
                    for (int n = 0; n < each; n++) {
                        Kill.self(signal);
                        if (n % 100 == 0) {
                            mostThreads.accumulateAndGet(dispatchThreads(), Math::max);
                        }
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join();
            }
            awaitValue(total, (long) each * signals.size());
            assertThat(total.get()).isEqualTo((long) each * signals.size());
            // A lane runs on one thread at most, and two threads read: per delivery threads would be thousands.
            assertThat(mostThreads.get()).as("dispatcher threads at most").isLessThanOrEqualTo(2 * (signals.size() + 2));
        } finally {
            subscriptions.forEach(Subscription::close);
        }
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task, "sender");
        thread.start();
        return thread;
    }

    private static int dispatchThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(Dispatcher.THREAD_NAME + "-")).count();
    }

    private static long blockedOnMainThread(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigBlk:")) {
                return Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        }
        throw new AssertionError("no SigBlk");
    }

    private static void awaitValue(AtomicLong value, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (value.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200); // and nothing more arrives
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
