package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Issue 7, no leaks: application contexts started and closed one after another in one JVM, as a test
 * suite or a dev-tools restart does, leave the thread count and the open file descriptors flat.
 *
 * <p>Each cycle is a whole Spring Boot application with every auto-configuration on this class path
 * (ours, actuator, metrics), a real USR1 through a synchronous and an {@code async} {@code @OnSignal}
 * method (so the events thread and an async thread really start), then an end: even cycles close the
 * context, odd cycles get a real shutdown signal (RTMIN+1, configured as {@code shutdown}; TERM is never
 * sent to a test JVM) and run the whole sequence, recorded by {@link RecordingProcessExit}.
 *
 * <p>Size: {@code -Dreliability.cycles} (default 20 for CI; {@code -Preliability} runs 100). "Flat":
 * after {@value #WARM_UP} warm-up cycles, at most {@value #THREAD_TOLERANCE} more threads and
 * {@value #FD_TOLERANCE} more fds at the end, once the threads of the last close have had up to
 * {@value #SETTLE_SECONDS} s to end. One leaked thread or fd per cycle exceeds that after a few cycles.
 */
class ContextCyclesLeakTest {

    private static final int CYCLES = Integer.getInteger("reliability.cycles", 20);
    private static final int WARM_UP = 3;
    private static final int THREAD_TOLERANCE = 2;
    private static final int FD_TOLERANCE = 2;
    private static final int SETTLE_SECONDS = 10;
    private static final Signal SHUTDOWN_SIGNAL = Signal.of("RTMIN+1");

    @Test
    void startingAndClosingContextsLeavesThreadsAndFdsFlat() throws Exception {
        for (int cycle = 0; cycle < WARM_UP; cycle++) {
            runCycle(cycle);
        }
        Map<String, Integer> baselineThreads = awaitSettled(Integer.MAX_VALUE);
        long baselineFds = openFileDescriptors();

        long start = System.nanoTime();
        List<String> samples = new ArrayList<>();
        for (int cycle = WARM_UP; cycle < WARM_UP + CYCLES; cycle++) {
            runCycle(cycle);
            if ((cycle - WARM_UP + 1) % Math.max(1, CYCLES / 5) == 0) {
                samples.add(String.format("%d:%d/%d", cycle - WARM_UP + 1, ManagementFactory.getThreadMXBean().getThreadCount(),
                        openFileDescriptors()));
            }
        }
        long elapsed = System.nanoTime() - start;
        int baselineCount = baselineThreads.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> afterThreads = awaitSettled(baselineCount + THREAD_TOLERANCE);
        int afterCount = afterThreads.values().stream().mapToInt(Integer::intValue).sum();
        long afterFds = openFileDescriptors();

        System.out.printf("context-cycles-leak: cycles=%d (+%d warm-up) in %d ms (%d ms per cycle); threads %d -> %d, fds %d -> %d;"
                        + " samples cycle:threads/fds right after the close %s%n",
                CYCLES, WARM_UP, TimeUnit.NANOSECONDS.toMillis(elapsed), TimeUnit.NANOSECONDS.toMillis(elapsed) / CYCLES,
                baselineCount, afterCount, baselineFds, afterFds, samples);

        assertThat(afterCount).as("threads after %d cycles; new or more: %s", CYCLES, grown(baselineThreads, afterThreads))
                .isLessThanOrEqualTo(baselineCount + THREAD_TOLERANCE);
        assertThat(afterFds).as("open fds after %d cycles", CYCLES).isLessThanOrEqualTo(baselineFds + FD_TOLERANCE);
        assertThat(Signals.handled()).as("the last context gave every signal back").isEmpty();
    }

    /** One application: start, a real USR1 to both @OnSignal methods, then close or a real shutdown signal. */
    private static void runCycle(int cycle) throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CycleApp.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "spring.jmx.enabled=false", "logging.level.root=warn",
                        "graceful.signals[rtmin+1]=shutdown", "graceful.shutdown.timeout=20s")
                .run();
        try {
            Probe probe = context.getBean(Probe.class);
            TestSignals.send(Signal.USR1);
            assertThat(probe.sync.await(20, TimeUnit.SECONDS)).as("cycle %d: sync @OnSignal", cycle).isTrue();
            assertThat(probe.async.await(20, TimeUnit.SECONDS)).as("cycle %d: async @OnSignal", cycle).isTrue();
            if (cycle % 2 == 1) {
                TestSignals.send(SHUTDOWN_SIGNAL);
                int code = context.getBean(RecordingProcessExit.class).awaitExit(Duration.ofSeconds(30));
                assertThat(code).as("cycle %d: 128 + %d", cycle, SHUTDOWN_SIGNAL.number()).isEqualTo(128 + SHUTDOWN_SIGNAL.number());
                assertThat(context.isActive()).as("cycle %d: the sequence closed the context", cycle).isFalse();
            }
        } finally {
            context.close(); // idempotent after the sequence closed it
        }
        assertThat(Signals.handled()).as("cycle %d: closing gives the signals back", cycle).isEmpty();
    }

    /** Waits until no more than {@code atMost} threads run (or the settle time passes) and returns the live threads by name. */
    private static Map<String, Integer> awaitSettled(int atMost) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        while (threadsByName().values().stream().mapToInt(Integer::intValue).sum() > atMost && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (atMost == Integer.MAX_VALUE) {
            Thread.sleep(1_000); // the baseline: let the warm-up's last close finish ending its threads
        }
        return threadsByName();
    }

    /** Live threads by name with digits folded ("pool-3-thread-1" -> "pool-#-thread-#"), to show what grew. */
    private static Map<String, Integer> threadsByName() {
        Set<Thread> threads = Thread.getAllStackTraces().keySet();
        return threads.stream().collect(Collectors.groupingBy(t -> t.getName().replaceAll("\\d+", "#"), TreeMap::new,
                Collectors.summingInt(t -> 1)));
    }

    private static Map<String, String> grown(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, String> grown = new TreeMap<>();
        after.forEach((name, count) -> {
            int was = before.getOrDefault(name, 0);
            if (count > was) {
                grown.put(name, was + " -> " + count);
            }
        });
        return grown;
    }

    private static long openFileDescriptors() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class CycleApp {

        // A shutdown signal would otherwise end the test JVM through System.exit: record the exit instead.
        @Bean
        RecordingProcessExit processExit() {
            return new RecordingProcessExit();
        }

        @Bean
        Probe probe() {
            return new Probe();
        }
    }

    static class Probe {

        final CountDownLatch sync = new CountDownLatch(1);
        final CountDownLatch async = new CountDownLatch(1);

        @OnSignal("USR1")
        void onUsr1() {
            sync.countDown();
        }

        @OnSignal(value = "USR1", async = true)
        void onUsr1Async() {
            async.countDown();
        }
    }
}
