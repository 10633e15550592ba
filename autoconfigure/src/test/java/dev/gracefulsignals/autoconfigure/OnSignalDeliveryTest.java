package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalOrigin;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.spring.SignalEvent;
import dev.gracefulsignals.spring.SignalReloadEvent;
import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.ResolvableType;

/** Real USR1 and WINCH sent to this JVM reach SignalEvent listeners and @OnSignal methods. */
class OnSignalDeliveryTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class))
            .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
            .withUserConfiguration(Handlers.class);

    @Test
    void callsMethodsInOrderPublishesTheEventAndSurvivesAFailingMethod() throws Exception {
        runner.run(context -> {
            Handlers handlers = context.getBean(Handlers.class);
            TestSignals.send("USR1");
            assertThat(handlers.next()).isEqualTo("event SIGUSR1");
            assertThat(handlers.next()).isEqualTo("first SIGUSR1 x1 from pid " + ProcessHandle.current().pid());
            assertThat(handlers.next()).isEqualTo("second (no parameter)");
            assertThat(handlers.next()).as("after a method that threw").isEqualTo("last");
            assertThat(handlers.next()).startsWith("async on graceful-signals-async-");

            TestSignals.send(Signal.WINCH);
            assertThat(handlers.next()).isEqualTo("event SIGWINCH");
            assertThat(handlers.next()).isEqualTo("winch");
        });
    }

    @Test
    void aMethodStuckOnOneSignalHoldsUpNeitherOtherSignalsNorTheShutdown() throws Exception {
        runner.withPropertyValues("graceful.signals.rtmin=shutdown").withUserConfiguration(Slow.class).run(context -> {
            RecordingProcessExit exit = context.getBean(RecordingProcessExit.class);
            Slow slow = context.getBean(Slow.class);
            Handlers handlers = context.getBean(Handlers.class);
            TestSignals.send("RTMAX");
            assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue(); // RTMAX's lane is now stuck
            assertThat(handlers.next()).isEqualTo("event SIGRTMAX");
            TestSignals.send(Signal.WINCH);
            assertThat(handlers.next()).isEqualTo("event SIGWINCH");
            assertThat(handlers.next()).isEqualTo("winch");
            TestSignals.send("RTMIN");
            assertThat(exit.awaitExit(Duration.ofSeconds(20))).as("128 + 34").isEqualTo(162);
            slow.release.countDown();
        });
    }

    @Test
    void aFloodWhileAMethodIsBusyMergesIntoOneDeliveryWithTheCountsAddedUp() throws Exception {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class))
                .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
                .withUserConfiguration(Counting.class).run(context -> {
                    Counting counting = context.getBean(Counting.class);
                    TestSignals.send("RTMIN+1");
                    assertThat(counting.entered.await(10, TimeUnit.SECONDS)).isTrue();
                    for (int i = 0; i < 2_000; i++) {
                        TestSignals.send("RTMIN+1"); // real-time: queued, never merged by the kernel
                    }
                    counting.release.countDown();
                    await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                            assertThat(counting.total.get()).as("every delivery counted").isEqualTo(2_001));
                    // How many calls the merged rest takes depends on when the kernel delivers each signal, not on the contract.
                    assertThat(counting.calls.get()).as("the busy call, then merged ones").isBetween(2, 2_000);
                    assertThat(counting.largest.get()).as("signals that came while the method was busy merged into one call")
                            .isGreaterThan(1);
                });
    }

    @Test
    void methodsOfLazyBeansAreFoundAndTheirBeanIsCreatedWhenTheSignalArrives() throws Exception {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class))
                .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
                .withInitializer(context -> context.addBeanFactoryPostProcessor(
                        new org.springframework.boot.LazyInitializationBeanFactoryPostProcessor()))
                .withUserConfiguration(LazyHandler.class).run(context -> {
                    assertThat(dev.gracefulsignals.dispatch.Signals.handled()).as("USR1 is taken although its bean does not exist yet")
                            .contains(Signal.USR1);
                    assertThat(LazyHandler.created).isZero();
                    TestSignals.send("USR1");
                    assertThat(LazyHandler.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("lazy SIGUSR1");
                    assertThat(LazyHandler.created).isEqualTo(1);
                });
    }

    @Test
    void reloadPublishesOneEventAfterTheMethodsThatSignalEventListenersSeeOnce() throws Exception {
        runner.withPropertyValues("graceful.signals.usr1=reload").run(context -> {
            Handlers handlers = context.getBean(Handlers.class);
            TestSignals.send("USR1");
            List<String> seen = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 5; i++) {
                seen.add(handlers.next());
            }
            assertThat(handlers.calls.poll(500, TimeUnit.MILLISECONDS)).as("nothing more after " + seen).isNull();
            // SignalReloadEvent is a SignalEvent: a SignalEvent listener gets the signal once, as the reload event.
            assertThat(seen).containsOnlyOnce("reload SIGUSR1").doesNotContain("event SIGUSR1");
            assertThat(seen.indexOf("reload SIGUSR1")).isGreaterThan(seen.indexOf("last"));
        });
    }

    @Test
    void publishesTheEventOnlyWhenSomethingListensIncludingAListenerAddedLater() throws Exception {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class))
                .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
                .withBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME, CountingMulticaster.class,
                        CountingMulticaster::new)
                .withUserConfiguration(MethodOnly.class).run(context -> {
                    CountingMulticaster multicaster = context.getBean(CountingMulticaster.class);
                    MethodOnly method = context.getBean(MethodOnly.class);
                    TestSignals.send("RTMIN+10");
                    assertThat(method.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("method");
                    assertThat(multicaster.signalEvents.get()).as("nobody listens: not published").isZero();

                    BlockingQueue<String> late = new LinkedBlockingQueue<>();
                    context.getSourceApplicationContext(ConfigurableApplicationContext.class)
                            .addApplicationListener((ApplicationListener<SignalEvent>) event -> late.add("late " + event.getSignal()));
                    TestSignals.send("RTMIN+10");
                    assertThat(method.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("method");
                    assertThat(late.poll(10, TimeUnit.SECONDS)).isEqualTo("late SIGRTMIN+10");
                    assertThat(multicaster.signalEvents.get()).isEqualTo(1);
                });
    }

    @Test
    void asyncMethodsRunOnAtMostTheConfiguredThreadsAndABusyOneMergesItsDeliveries() throws Exception {
        runner.withPropertyValues("graceful.async-threads=1").withUserConfiguration(SlowAsync.class).run(context -> {
            SlowAsync slow = context.getBean(SlowAsync.class);
            TestSignals.send("RTMIN+11");
            assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the one async thread is now busy
            for (int i = 0; i < 200; i++) {
                TestSignals.send("RTMIN+11");
                TestSignals.send("RTMIN+12");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (slow.published.get() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(slow.published.get()).as("every RTMIN+12 reached the events").isEqualTo(200);
            assertThat(asyncThreads()).as("async threads while one method blocks").isEqualTo(1);
            assertThat(slow.other.get()).as("the other async method waits for the one thread").isZero();
            slow.release.countDown();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((slow.total.get() < 201 || slow.other.get() < 200) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(slow.total.get()).as("every RTMIN+11 counted").isEqualTo(201);
            assertThat(slow.other.get()).as("every RTMIN+12 counted").isEqualTo(200);
            assertThat(slow.calls.get()).as("one blocked run, then the merged ones").isLessThan(10);
        });
    }

    private static long asyncThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("graceful-signals-async-")).count();
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        String next() throws InterruptedException {
            String call = calls.poll(10, TimeUnit.SECONDS);
            assertThat(call).as("a call within 10 s").isNotNull();
            return call;
        }

        @OnSignal(value = "USR1", order = 2)
        void second() {
            calls.add("second (no parameter)");
        }

        @OnSignal(value = {"SIGUSR1"}, order = 1)
        void first(SignalEvent event) {
            SignalOrigin origin = event.getOrigin();
            calls.add("first " + event.getSignal() + " x" + event.getCount() + " from pid " + origin.pid());
        }

        @OnSignal(value = "usr1", order = 3)
        void fails() {
            throw new IllegalStateException("method failure for the test");
        }

        @OnSignal(value = "USR1", order = 4)
        void last() {
            calls.add("last");
        }

        @OnSignal(value = "USR1", async = true, order = 5)
        void async() {
            calls.add("async on " + Thread.currentThread().getName());
        }

        @OnSignal("WINCH")
        void winch() {
            calls.add("winch");
        }

        @EventListener
        void on(SignalEvent event) {
            calls.add((event instanceof SignalReloadEvent ? "reload " : "event ") + event.getSignal());
        }

        @Bean
        String marker() {
            return "handlers";
        }
    }

    static class LazyHandler {
        static final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        static volatile int created;

        LazyHandler() {
            created++;
        }

        @OnSignal("USR1")
        void on(SignalEvent event) {
            calls.add("lazy " + event.getSignal());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Counting {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong largest = new java.util.concurrent.atomic.AtomicLong();

        @OnSignal("RTMIN+1")
        void count(SignalEvent event) throws InterruptedException {
            calls.incrementAndGet();
            total.addAndGet(event.getCount());
            largest.accumulateAndGet(event.getCount(), Math::max);
            entered.countDown();
            release.await(30, TimeUnit.SECONDS);
        }
    }

    /** Counts the SignalEvents actually multicast. */
    static class CountingMulticaster extends SimpleApplicationEventMulticaster {
        final java.util.concurrent.atomic.AtomicInteger signalEvents = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void multicastEvent(ApplicationEvent event, @org.jspecify.annotations.Nullable ResolvableType type) {
            if (event instanceof SignalEvent) {
                signalEvents.incrementAndGet();
            }
            super.multicastEvent(event, type);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MethodOnly {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        @OnSignal("RTMIN+10")
        void on() {
            calls.add("method");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SlowAsync {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong other = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();

        @OnSignal(value = "RTMIN+11", async = true)
        void slow(SignalEvent event) throws InterruptedException {
            calls.incrementAndGet();
            total.addAndGet(event.getCount());
            entered.countDown();
            release.await(30, TimeUnit.SECONDS);
        }

        @OnSignal(value = "RTMIN+12", async = true)
        void other(SignalEvent event) {
            other.addAndGet(event.getCount());
        }

        @org.springframework.context.event.EventListener
        void seen(SignalEvent event) {
            if (event.getSignal().name().equals("RTMIN+12")) {
                published.addAndGet(event.getCount());
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Slow {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);

        @OnSignal("RTMAX")
        void blocks() throws InterruptedException {
            entered.countDown();
            release.await(30, TimeUnit.SECONDS);
        }
    }
}
