package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import dev.gracefulsignals.shutdown.ShutdownCoordinator;
import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownReport;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The whole sequence in this JVM, started by a real signal. USR1 stands in for TERM (configured to
 * shut down) and the exit is recorded, so the test JVM survives; the child-JVM tests send real TERM.
 */
class ShutdownSequenceTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class))
            .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
            .withPropertyValues("graceful.signals.usr1=shutdown", "graceful.shutdown.hook-timeout=300ms",
                    "graceful.shutdown.task-grace-period=200ms")
            .withUserConfiguration(App.class);

    @Test
    void refusesTrafficCancelsTasksRunsHooksInOrderClosesAndExitsWith128PlusSignal() throws Exception {
        runner.run(context -> {
            App app = context.getBean(App.class);
            ThreadPoolTaskExecutor executor = context.getBean("appExecutor", ThreadPoolTaskExecutor.class);
            ShutdownToken token = context.getBean(ShutdownToken.class);
            CountDownLatch running = new CountDownLatch(1);
            // A task that watches the token, and one that ignores it and must be interrupted.
            executor.execute(() -> {
                running.countDown();
                while (!token.isRequested()) {
                    Thread.onSpinWait();
                }
                app.steps.add("task saw the token for " + token.signal().orElseThrow());
            });
            executor.execute(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException interrupted) {
                    app.steps.add("stubborn task interrupted");
                }
            });
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            context.getBean(ThreadPoolTaskScheduler.class).scheduleAtFixedRate(app.ticks::incrementAndGet, Duration.ofMillis(10));

            RecordingProcessExit exit = context.getBean(RecordingProcessExit.class);
            ShutdownCoordinator coordinator = context.getBean(GracefulShutdown.class).coordinator();
            // The scheduler ran before the shutdown (on a loaded machine its first tick may come late).
            await().atMost(Duration.ofSeconds(30)).until(() -> app.ticks.get() > 0);
            TestSignals.send("USR1");
            assertThat(exit.awaitExit(Duration.ofSeconds(20))).isEqualTo(138);
            assertThat(exit.halted()).isFalse();
            // The shutdown signal's SignalEvent is the sequence's first step: before readiness changes, never beside it.
            assertThat(app.steps).containsSubsequence("signal SIGUSR1", "readiness REFUSING_TRAFFIC", "task saw the token for SIGUSR1",
                    "hook first", "hook throws", "hook hangs", "hook last", "context closed");
            assertThat(app.steps).filteredOn("signal SIGUSR1"::equals).hasSize(1);
            assertThat(app.steps).contains("stubborn task interrupted");
            assertThat(app.steps).as("scheduled tasks stop being scheduled before the hooks").contains("no ticks during hooks");

            ShutdownReport report = coordinator.report().orElseThrow();
            assertThat(report.exitCode()).isEqualTo(138);
            assertThat(report.tasksCancelled()).isEqualTo(1);
            assertThat(report.hooks()).extracting(hook -> hook.name() + ":" + hook.outcome().tag())
                    .containsExactly("firstHook:success", "throwingHook:failure", "hangingHook:timeout", "lastHook:success");
            assertThat(report.phases()).extracting(ShutdownReport.Phase::name)
                    .containsExactly("signal-listeners", "refuse-traffic", "stop-intake", "cancel-tasks", "hooks", "close-context");
        });
    }

    @Test
    void aConcurrentCloseWaitsForTheHooksBeforeDestroyingTheirBeans() throws Exception {
        runner.run(context -> {
            App app = context.getBean(App.class);
            RecordingProcessExit exit = context.getBean(RecordingProcessExit.class);
            TestSignals.send("USR1");
            assertThat(app.inFirstHook.await(10, TimeUnit.SECONDS)).isTrue();
            Thread otherClose = new Thread(context::close, "other-close"); // as a JVM shutdown hook would
            otherClose.start();
            assertThat(exit.awaitExit(Duration.ofSeconds(20))).isEqualTo(138);
            otherClose.join(10_000);
            assertThat(app.steps).containsSubsequence("hook first", "hook last", "context closed");
            assertThat(app.steps.stream().filter("context closed"::equals)).hasSize(1);
        });
    }

    @Test
    void withCloseContextOffTheHooksRunAndTheExitIsRecordedButTheContextStaysOpen() throws Exception {
        runner.withPropertyValues("graceful.shutdown.close-context=false").run(context -> {
            App app = context.getBean(App.class);
            RecordingProcessExit exit = context.getBean(RecordingProcessExit.class);
            TestSignals.send("USR1");
            assertThat(exit.awaitExit(Duration.ofSeconds(20))).isEqualTo(138);
            assertThat(app.steps).contains("hook first", "hook last").doesNotContain("context closed");
            assertThat(context.isActive()).isTrue();
        });
    }

    @Test
    void cancelTasksStopsPlainThreadPoolsButLeavesOtherExecutorServicesToTheirOwners() throws Exception {
        java.util.concurrent.ForkJoinPool eventLoopLike = new java.util.concurrent.ForkJoinPool(1);
        java.util.concurrent.ThreadPoolExecutor plainPool = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>());
        try {
            runner.withPropertyValues("graceful.shutdown.close-context=false")
                    .withBean("eventLoopLike", java.util.concurrent.ExecutorService.class, () -> eventLoopLike, bd -> bd.setDestroyMethodName(""))
                    .withBean("plainPool", java.util.concurrent.ThreadPoolExecutor.class, () -> plainPool, bd -> bd.setDestroyMethodName(""))
                    .run(context -> {
                        RecordingProcessExit exit = context.getBean(RecordingProcessExit.class);
                        TestSignals.send("USR1");
                        assertThat(exit.awaitExit(Duration.ofSeconds(20))).isEqualTo(138);
                        assertThat(plainPool.isShutdown()).isTrue();
                        assertThat(eventLoopLike.isShutdown()).as("not a plain pool: its owner shuts it down").isFalse();
                    });
        } finally {
            eventLoopLike.shutdownNow();
            plainPool.shutdownNow();
        }
    }

    @Test
    void aReloadSignalDuringTheShutdownDoesNotReload() throws Exception {
        runner.withPropertyValues("graceful.signals.winch=reload", "graceful.shutdown.close-context=false").run(context -> {
            App app = context.getBean(App.class);
            RecordingProcessExit exit = context.getBean(RecordingProcessExit.class);
            TestSignals.send("USR1");
            assertThat(app.inFirstHook.await(10, TimeUnit.SECONDS)).isTrue();
            TestSignals.send("WINCH"); // while the hooks run
            assertThat(exit.awaitExit(Duration.ofSeconds(20))).isEqualTo(138);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(app.steps).contains("signal SIGWINCH"));
            // A later WINCH through the same lane: once it arrived, the first one's reload decision was made.
            TestSignals.send("WINCH");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(app.steps).filteredOn("signal SIGWINCH"::equals).hasSize(2));
            assertThat(app.steps).doesNotContain("reload SIGWINCH");
        });
    }

    @Test
    void anExitCodeGeneratorOverridesTheSignalsCode() throws Exception {
        runner.withBean("exitCode", ExitCodeGenerator.class, () -> () -> 42).run(context -> {
            RecordingProcessExit exit = context.getBean(RecordingProcessExit.class);
            TestSignals.send("USR1");
            assertThat(exit.awaitExit(Duration.ofSeconds(20))).isEqualTo(42);
        });
    }

    @Test
    void aPlainContextCloseRunsTheSequenceOnceWithoutExiting() {
        runner.run(context -> {
            App app = context.getBean(App.class);
            RecordingProcessExit exit = context.getBean(RecordingProcessExit.class);
            ShutdownCoordinator coordinator = context.getBean(GracefulShutdown.class).coordinator();
            context.close();
            context.close();
            assertThat(app.steps).containsSubsequence("readiness REFUSING_TRAFFIC", "hook first", "hook last", "context closed");
            assertThat(app.steps.stream().filter("hook first"::equals)).hasSize(1);
            assertThat(exit.exitCode()).isEmpty();
            assertThat(coordinator.report().orElseThrow().trigger().label()).isEqualTo("context-close");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        final List<String> steps = new CopyOnWriteArrayList<>();

        @Bean
        ThreadPoolTaskExecutor appExecutor() {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setCorePoolSize(2);
            return executor;
        }

        final java.util.concurrent.atomic.AtomicInteger ticks = new java.util.concurrent.atomic.AtomicInteger();
        final CountDownLatch inFirstHook = new CountDownLatch(1);

        @Bean
        ThreadPoolTaskScheduler appScheduler() {
            return new ThreadPoolTaskScheduler();
        }

        @Bean
        @Order(1)
        ShutdownHook firstHook() {
            return () -> {
                steps.add("hook first");
                inFirstHook.countDown();
                int before = ticks.get();
                Thread.sleep(150);
                steps.add(ticks.get() == before ? "no ticks during hooks" : "ticked during hooks");
            };
        }

        @Bean
        @Order(2)
        ShutdownHook throwingHook() {
            return () -> {
                steps.add("hook throws");
                throw new IllegalStateException("hook failure for the test");
            };
        }

        @Bean
        @Order(3)
        ShutdownHook hangingHook() {
            return () -> {
                steps.add("hook hangs");
                new CountDownLatch(1).await();
            };
        }

        @Bean
        @Order(4)
        ShutdownHook lastHook() {
            return () -> steps.add("hook last");
        }

        @EventListener
        void on(AvailabilityChangeEvent<ReadinessState> event) {
            steps.add("readiness " + event.getState());
        }

        @EventListener
        void on(dev.gracefulsignals.spring.SignalEvent event) {
            steps.add((event instanceof dev.gracefulsignals.spring.SignalReloadEvent ? "reload " : "signal ") + event.getSignal());
        }

        @EventListener
        void on(org.springframework.context.event.ContextClosedEvent event) {
            steps.add("context closed");
        }
    }
}
