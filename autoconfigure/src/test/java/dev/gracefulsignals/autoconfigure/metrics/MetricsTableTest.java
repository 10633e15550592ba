package dev.gracefulsignals.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.actuate.HandlerEvictionAutoConfiguration;
import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The table in docs/metrics.md against a real registry, after real signals and a real shutdown in this
 * JVM: USR1 (reload) twice, then WINCH configured to shut down, with the exit recorded so the JVM lives.
 * The registry here is one Spring Boot does not close, so the meters recorded after the close are
 * there too.
 */
public class MetricsTableTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class, SignalMetricsAutoConfiguration.class,
                    HandlerEvictionAutoConfiguration.class))
            .withBean(MeterRegistry.class, () -> registry)
            .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
            .withPropertyValues("graceful.signals.usr1=reload", "graceful.signals.winch=shutdown",
                    "graceful.shutdown.hook-timeout=200ms")
            .withUserConfiguration(Hooks.class, AsyncMethod.class);

    @Test
    void everyRowOfTheTableIsRegisteredWithItsTypeAndTagsAndNothingElse() throws Exception {
        runner.run(context -> {
            ShutdownToken.Held held = context.getBean(ShutdownToken.class).hold("import-batch");
            assertThat(registry.get("shutdown.held").gauge().value()).isEqualTo(1.0);
            held.close();
            assertThat(registry.get("shutdown.held").gauge().value()).isZero();
            TestSignals.send("USR1");
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.find("signals.dispatch.latency").tag("signal", "USR1").timer() != null);
            assertThat(registry.get("signals.received").tag("signal", "USR1").counter().count()).isEqualTo(1.0);
            // An async method still busy when its signal comes again: the delivery merges and is counted.
            AsyncMethod async = context.getBean(AsyncMethod.class);
            TestSignals.send("RTMIN+15");
            assertThat(async.entered.await(10, TimeUnit.SECONDS)).isTrue();
            TestSignals.send("RTMIN+15");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("signals.async.merged").counter() != null);
            async.release.countDown();
            TestSignals.send("WINCH");
            assertThat(context.getBean(RecordingProcessExit.class).awaitExit(Duration.ofSeconds(20))).isEqualTo(128 + 28);
            // WINCH also reaches its listeners, on its own lane, alongside the shutdown.
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.find("signals.dispatch.latency").tag("signal", "WINCH").timer() != null);
        });

        Map<String, Row> documented = table();
        Map<String, Row> registered = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            if (name.startsWith("signals.") || name.startsWith("shutdown.")) {
                Set<String> tags = meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toCollection(TreeSet::new));
                registered.merge(name, new Row(name, meter.getId().getType().name().toLowerCase(java.util.Locale.ROOT), tags),
                        (a, b) -> { assertThat(b).as("every %s has the same type and tag keys", name).isEqualTo(a); return a; });
            }
        }
        assertThat(registered).isEqualTo(documented);

        // The values behind the rows, from what the signals and the sequence did.
        assertThat(registry.get("signals.received").tag("signal", "WINCH").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("shutdown.duration").tags("trigger", "SIGWINCH", "outcome", "completed").timer().count()).isEqualTo(1);
        assertThat(registry.get("shutdown.hook.duration").tags("hook", "quick", "outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry.get("shutdown.hook.duration").tags("hook", "failing", "outcome", "failure").timer().count()).isEqualTo(1);
        assertThat(registry.get("shutdown.hook.duration").tags("hook", "slow", "outcome", "timeout").timer().count()).isEqualTo(1);
        assertThat(registry.get("shutdown.phase.duration").meters()).extracting(meter -> meter.getId().getTag("phase"))
                .containsExactlyInAnyOrder("refuse-traffic", "stop-intake", "cancel-tasks", "hooks", "close-context");
        assertThat(registry.get("shutdown.state").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("signals.evicted").gauge().value()).isZero();
        assertThat(registry.get("signals.fallback").gauge().value()).as("the native backend runs here").isZero();
        assertThat(registry.get("signals.dispatch.latency").tag("signal", "USR1").timer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    public record Row(String name, String type, Set<String> tags) {
    }

    /** The rows of the table under "## Meters": | `name` | type | `tag`, `tag` | meaning |. */
    public static Map<String, Row> table() throws IOException {
        Path doc = Path.of("..", "docs", "metrics.md");
        List<String> lines = Files.readAllLines(doc);
        int start = lines.indexOf("| name | type | tags | meaning |");
        assertThat(start).as("the table header in %s", doc.toAbsolutePath()).isNotNegative();
        Map<String, Row> rows = new TreeMap<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            String name = cells[1].strip().replace("`", "");
            Set<String> tags = Arrays.stream(cells[3].split(",")).map(tag -> tag.strip().replace("`", ""))
                    .filter(tag -> !tag.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
            rows.put(name, new Row(name, cells[2].strip(), tags));
        }
        return rows;
    }

    @Configuration(proxyBeanMethods = false)
    static class AsyncMethod {
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        @dev.gracefulsignals.spring.OnSignal(value = "RTMIN+15", async = true)
        void busy() throws InterruptedException {
            entered.countDown();
            release.await(30, TimeUnit.SECONDS);
        }
    }

    /** Three hooks, one per outcome (with {@code graceful.shutdown.hook-timeout=200ms}); the observation test uses them too. */
    @Configuration(proxyBeanMethods = false)
    public static class Hooks {

        @Bean
        @Order(1)
        ShutdownHook quick() {
            return () -> { };
        }

        @Bean
        @Order(2)
        ShutdownHook failing() {
            return () -> {
                throw new IllegalStateException("hook failure for the test");
            };
        }

        @Bean
        @Order(3)
        ShutdownHook slow() {
            return () -> Thread.sleep(30_000);
        }
    }
}
