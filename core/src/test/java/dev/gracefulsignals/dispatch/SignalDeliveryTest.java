package dev.gracefulsignals.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.internal.LibC;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalOrigin;
import dev.gracefulsignals.signal.SignalReceived;
import dev.gracefulsignals.testing.Kill;
import dev.gracefulsignals.testing.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The behavioural suite, run on both backends with real signals sent to this JVM. */
class SignalDeliveryTest {

    @AfterEach
    void everySubscriptionWasClosed() throws InterruptedException {
        awaitDispatcherStopped();
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"NATIVE", "JVM"})
    void deliversSelfSentSignalsWithTheirOrigin(Backend backend) throws Exception {
        List<Signal> signals = backend == Backend.NATIVE
                ? List.of(Signal.USR1, Signal.WINCH, Signal.HUP, Signal.of("RTMIN+3"))
                : List.of(Signal.USR1, Signal.WINCH, Signal.HUP);
        for (Signal signal : signals) {
            Received received = new Received();
            try (Subscription subscription = subscribe(backend, received, signal)) {
                assertThat(Signals.backend()).contains(backend);
                long before = System.nanoTime();
                Kill.self(signal);
                SignalReceived event = received.await();
                assertThat(event.signal()).isEqualTo(signal);
                assertThat(event.count()).isEqualTo(1);
                assertThat(event.monotonicNanos()).isBetween(before, System.nanoTime());
                if (backend == Backend.NATIVE) {
                    assertThat(event.origin().kind()).isEqualTo(SignalOrigin.Kind.PROCESS);
                    assertThat(event.origin().pid()).isEqualTo(LibC.getpid());
                    assertThat(event.origin().uid()).isEqualTo(LibC.getuid());
                    assertThat(event.origin().command()).contains(ProcessHandle.current().info().command()
                            .map(c -> c.substring(c.lastIndexOf('/') + 1)).orElse("java"));
                } else {
                    assertThat(event.origin().kind()).isEqualTo(SignalOrigin.Kind.UNKNOWN);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"NATIVE", "JVM"})
    void reportsTheProcessThatSentTheSignal(Backend backend) throws Exception {
        Received received = new Received();
        try (Subscription subscription = subscribe(backend, received, Signal.USR1)) {
            // sh's builtin kill sends it; sleep keeps the sender alive so its /proc/<pid>/comm can be read.
            Process sender = new ProcessBuilder("sh", "-c", "kill -USR1 " + ProcessHandle.current().pid() + "; sleep 10").start();
            try {
                SignalReceived event = received.await();
                if (backend == Backend.NATIVE) {
                    assertThat(event.origin().pid()).isEqualTo(sender.pid());
                    assertThat(event.origin().command()).contains("sh");
                    assertThat(event.origin()).hasToString("pid " + sender.pid() + " uid " + LibC.getuid());
                } else {
                    assertThat(event.origin().kind()).isEqualTo(SignalOrigin.Kind.UNKNOWN);
                }
            } finally {
                sender.destroyForcibly().waitFor();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"NATIVE", "JVM"})
    void aBurstCoalescesIntoEventsWhoseCountsAddUpAndTheJvmStaysHealthy(Backend backend) throws Exception {
        AtomicLong events = new AtomicLong();
        AtomicLong total = new AtomicLong();
        try (Subscription subscription = subscribe(backend, signal -> {
            events.incrementAndGet();
            total.addAndGet(signal.count());
        }, Signal.USR1)) {
            // raise(3) runs the handler on this thread before it returns, so the kernel delivers every one of them
            // (none is pending when the next is sent): the counts must add up to exactly what was sent.
            for (int i = 0; i < 10_000; i++) {
                Kill.raise(Signal.USR1);
            }
            awaitTotal(total, 10_000);
            assertThat(events.get()).as("coalesced into events").isBetween(1L, 10_000L);
            Kill.self(Signal.USR1);
            awaitTotal(total, 10_001);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"NATIVE", "JVM"})
    void aHeldDispatcherNeverBlocksTheHandlerAndDeliveryResumes(Backend backend) throws Exception {
        // On the native backend 100,000 wake-ups overflow the 64 KiB pipe: a blocking write end would hang raise().
        // The JVM backend starts a thread per signal in HotSpot, so 10,000 keep this test short there.
        int signals = backend == Backend.NATIVE ? 100_000 : 10_000;
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong total = new AtomicLong();
        try (Subscription subscription = subscribe(backend, signal -> {
            held.countDown();
            awaitUninterruptibly(release);
            total.addAndGet(signal.count());
        }, Signal.USR1)) {
            Kill.raise(Signal.USR1);
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                for (int i = 0; i < signals; i++) {
                    Kill.raise(Signal.USR1);
                }
            }, "the handler blocked while the dispatcher was held");
            release.countDown();
            // Each raise(3) ran the handler before returning: all of them counted, however few wake-ups fit the pipe.
            awaitTotal(total, signals + 1L);
            Kill.raise(Signal.USR1);
            awaitTotal(total, signals + 2L);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"NATIVE", "JVM"})
    void aFailingListenerNeitherStopsTheOthersNorKillsTheDispatcher(Backend backend) throws Exception {
        Received received = new Received();
        try (Subscription failing = subscribe(backend, signal -> {
            throw new IllegalStateException("listener failure for the test");
        }, Signal.USR1);
             Subscription failingHard = subscribe(backend, signal -> {
                 throw new StackOverflowError("an Error, not an Exception");
             }, Signal.USR1);
             Subscription healthy = subscribe(backend, received, Signal.USR1)) {
            Kill.self(Signal.USR1);
            assertThat(received.await().signal()).isEqualTo(Signal.USR1);
            Kill.self(Signal.USR1);
            assertThat(received.await().signal()).isEqualTo(Signal.USR1);
            assertThat(Signals.isDispatcherAlive()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"NATIVE", "JVM"})
    void listenersOfOneSignalShareTheInstallationAndOnlyTheLastOneRestores(Backend backend) throws Exception {
        Received first = new Received();
        Received second = new Received();
        Subscription one = subscribe(backend, first, Signal.USR1);
        try (Subscription two = subscribe(backend, second, Signal.USR1, Signal.WINCH)) {
            Kill.self(Signal.USR1);
            assertThat(first.await().signal()).isEqualTo(Signal.USR1);
            assertThat(second.await().signal()).isEqualTo(Signal.USR1);
            one.close();
            assertThat(Signals.handled()).containsExactlyInAnyOrder(Signal.USR1, Signal.WINCH);
            Kill.self(Signal.USR1);
            assertThat(second.await().signal()).isEqualTo(Signal.USR1);
            // One more delivery to the open subscription: the closed one had its chance at the first.
            Kill.self(Signal.USR1);
            assertThat(second.await().signal()).isEqualTo(Signal.USR1);
            assertThat(first.poll(Duration.ZERO)).as("a closed subscription gets nothing").isNull();
        }
        assertThat(Signals.handled()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"NATIVE", "JVM"})
    void stopsTheDispatcherAndReleasesItsFilesWhenTheLastSubscriberLeaves(Backend backend) throws Exception {
        long fdsBefore = openFileDescriptors();
        Subscription subscription = subscribe(backend, new Received(), Signal.USR1);
        assertThat(dispatcherThreads()).as("the readers and a spare").isEqualTo(3);
        subscription.close();
        assertThat(Signals.isDispatcherAlive()).isFalse();
        awaitDispatcherStopped();
        assertThat(openFileDescriptors()).isEqualTo(fdsBefore);
        subscription.close(); // idempotent
    }

    @org.junit.jupiter.api.Test
    void theJvmBackendRefusesRealTimeSignalsNamingTheFix() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> subscribe(Backend.JVM, new Received(), Signal.of("RTMIN+3")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot handle SIGRTMIN+3")
                .hasMessageContaining("Use the native backend");
    }

    static Subscription subscribe(Backend backend, SignalListener listener, Signal... signals) {
        return Signals.subscribe(List.of(signals), SubscribeOptions.defaults().backend(backend), listener);
    }

    /**
     * Waits until the delivered counts add up to {@code expected}; fails if they never do within a generous bound, or
     * if they pass it (a signal counted twice).
     */
    static void awaitTotal(AtomicLong total, long expected) {
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(total.get()).as("delivered counts").isLessThanOrEqualTo(expected).isEqualTo(expected));
    }

    static void awaitDispatcherStopped() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(dispatcherThreads()).as("dispatcher threads left running").isZero());
    }

    static long dispatcherThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(Dispatcher.THREAD_NAME + "-")).count();
    }

    static long openFileDescriptors() throws Exception {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
