package dev.gracefulsignals.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.actuate.SignalsEndpoint.SignalDescriptor;
import dev.gracefulsignals.autoconfigure.actuate.SignalsEndpoint.SignalsDescriptor;
import dev.gracefulsignals.autoconfigure.metrics.SignalMetrics;
import dev.gracefulsignals.autoconfigure.metrics.SignalMetricsAutoConfiguration;
import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Which observability beans exist for which classpath and properties, the endpoint's content after a
 * real USR1, and eviction: {@code sun.misc.Signal.handle} over our USR1 handler turns health DOWN. USR1
 * is sent only while the context holds it; after the eviction the test puts SIG_DFL back and sends nothing.
 */
class SignalsActuatorTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class, SignalMetricsAutoConfiguration.class,
                    SignalsEndpointAutoConfiguration.class, SignalsHealthContributorAutoConfiguration.class))
            .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
            .withPropertyValues("graceful.signals.usr1=event");

    @Test
    void theEndpointExistsOnlyWhenExposedAndMetricsOnlyWithARegistry() {
        runner.run(context -> assertThat(context).doesNotHaveBean(SignalsEndpoint.class).doesNotHaveBean(SignalActivity.class)
                .doesNotHaveBean(SignalMetrics.class).hasSingleBean(SignalsHealthIndicator.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=signals")
                .run(context -> assertThat(context).hasSingleBean(SignalsEndpoint.class).hasSingleBean(SignalActivity.class));
        runner.withPropertyValues("management.health.signals.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SignalsHealthIndicator.class));
        runner.withPropertyValues("graceful.enabled=false", "management.endpoints.web.exposure.include=signals")
                .run(context -> assertThat(context).doesNotHaveBean(SignalsEndpoint.class).doesNotHaveBean(SignalsHealthIndicator.class));
    }

    @Test
    void theEndpointShowsARealSignalWithItsSenderAndTheShutdownState() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=signals").run(context -> {
            SignalsEndpoint endpoint = context.getBean(SignalsEndpoint.class);
            SignalsDescriptor before = endpoint.signals();
            assertThat(before.backend()).isEqualTo("native");
            assertThat(before.signals()).containsOnlyKeys("TERM", "INT", "HUP", "USR1");
            assertThat(before.signals().get("USR1").total()).isZero();

            TestSignals.send("USR1");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.signals().signals().get("USR1").total() == 1);
            SignalDescriptor usr1 = endpoint.signals().signals().get("USR1");
            assertThat(usr1.action()).isEqualTo("event");
            assertThat(usr1.handlerInstalled()).isTrue();
            assertThat(usr1.lastOrigin()).isNotNull();
            assertThat(usr1.lastOrigin().kind()).isEqualTo("process");
            assertThat(usr1.lastOrigin().pid()).isEqualTo((int) ProcessHandle.current().pid());
            assertThat(usr1.lastOrigin().command()).isEqualTo(Files.readString(Path.of("/proc/self/comm")).strip());
            assertThat(usr1.lastReceivedAt()).isNotNull();
            assertThat(endpoint.signals().signals().get("HUP").action()).isEqualTo("reload");
            assertThat(endpoint.signals().shutdown()).isEqualTo(new SignalsEndpoint.ShutdownDescriptor("running", null));
        });
    }

    @Test
    void healthTurnsDownWhenSunMiscSignalEvictsOurHandler() {
        runner.run(context -> {
            SignalsHealthIndicator health = context.getBean(SignalsHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            Signal usr1 = new Signal("USR1");
            Signal.handle(usr1, signal -> { });
            try {
                Health down = health.health();
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails()).containsEntry("evicted", List.of("USR1")).containsEntry("backend", "native");
            } finally {
                // Never left with a JVM handler that would outlive the test; nothing sends USR1 from here on.
                Signal.handle(usr1, SignalHandler.SIG_DFL);
            }
        });
    }
}
