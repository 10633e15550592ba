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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Which observability beans exist for which classpath and properties, the endpoint's content after a
 * real USR1, and eviction: {@code sun.misc.Signal.handle} over our USR1 handler shows on the {@code signals}
 * component, the gauge and the log, and fails Spring Boot's aggregate health only when configured to. USR1
 * is sent only while the context holds it; after the eviction the test puts SIG_DFL back and sends nothing.
 * An undeliverable signal (DOWN by default) needs a child JVM that blocks it for real: {@link UndeliverableSignalHealthTest}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignalsActuatorTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class, SignalMetricsAutoConfiguration.class,
                    HandlerEvictionAutoConfiguration.class, SignalsEndpointAutoConfiguration.class, SignalsHealthContributorAutoConfiguration.class))
            .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
            .withPropertyValues("graceful.signals.usr1=event");

    /** With Spring Boot's own health endpoint, groups and probes, and a meter registry, as an application has them. */
    private final ApplicationContextRunner withHealth = runner
            .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
                    AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class,
                    HandlerEvictionAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("management.endpoint.health.show-details=always",
                    "management.endpoint.health.group.liveness.include=livenessState,signals");

    @Test
    void theEndpointExistsOnlyWhenExposedAndMetricsOnlyWithARegistry() {
        runner.run(context -> assertThat(context).doesNotHaveBean(SignalsEndpoint.class).doesNotHaveBean(SignalActivity.class)
                .doesNotHaveBean(SignalMetrics.class).hasSingleBean(SignalsHealthIndicator.class).hasSingleBean(HandlerEviction.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=signals")
                .run(context -> assertThat(context).hasSingleBean(SignalsEndpoint.class).hasSingleBean(SignalActivity.class));
        runner.withPropertyValues("management.health.signals.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SignalsHealthIndicator.class));
        runner.withPropertyValues("graceful.enabled=false", "management.endpoints.web.exposure.include=signals")
                .run(context -> assertThat(context).doesNotHaveBean(SignalsEndpoint.class).doesNotHaveBean(SignalsHealthIndicator.class)
                        .doesNotHaveBean(HandlerEviction.class));
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
    void anEvictionShowsOnTheComponentTheGaugeAndTheLogButLeavesTheAggregateAndLivenessUp(CapturedOutput output) {
        withHealth.run(context -> {
            HealthEndpoint endpoint = started(context);
            assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);
            assertThat(endpoint.healthForPath("signals").getStatus()).isEqualTo(Status.UP);
            assertThat(registry(context).get("signals.evicted").gauge().value()).isZero();

            evictUsr1While(() -> {
                IndicatedHealthDescriptor signals = (IndicatedHealthDescriptor) endpoint.healthForPath("signals");
                assertThat(signals.getStatus()).isEqualTo(new Status("EVICTED"));
                assertThat(signals.getDetails()).containsEntry("evicted", List.of("USR1")).containsEntry("backend", "native");
                assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);
                assertThat(endpoint.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
                assertThat(context.getBean(HttpCodeStatusMapper.class).getStatusCode(signals.getStatus())).isEqualTo(200);
                assertThat(registry(context).get("signals.evicted").gauge().value()).isEqualTo(1.0);
                assertThat(output.getOut()).containsOnlyOnce("Another handler replaced ours for [USR1]");
            });
        });
    }

    @Test
    void evictedStatusDownFailsTheAggregateAndTheLivenessGroup() {
        withHealth.withPropertyValues("graceful.health.evicted-status=down").run(context -> {
            HealthEndpoint endpoint = started(context);
            assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);

            evictUsr1While(() -> {
                assertThat(endpoint.healthForPath("signals").getStatus()).isEqualTo(Status.DOWN);
                assertThat(endpoint.health().getStatus()).isEqualTo(Status.DOWN);
                assertThat(endpoint.healthForPath("liveness").getStatus()).isEqualTo(Status.DOWN);
                assertThat(context.getBean(HttpCodeStatusMapper.class).getStatusCode(Status.DOWN)).isEqualTo(503);
            });
        });
    }

    @Test
    void anEmptyEvictedStatusFailsTheStartNamingTheProperty() {
        withHealth.withPropertyValues("graceful.health.evicted-status= ").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("graceful.health.evicted-status").hasMessageContaining("DOWN"));
    }

    @Test
    void anEmptyUndeliverableStatusFailsTheStartNamingTheProperty() {
        withHealth.withPropertyValues("graceful.health.undeliverable-status= ").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("graceful.health.undeliverable-status").hasMessageContaining("DOWN"));
    }

    /**
     * Another library takes USR1 over ours with {@code sun.misc.Signal.handle}, as a real one would;
     * afterwards SIG_DFL goes back and nothing sends USR1 again.
     */
    private static void evictUsr1While(ThrowingCallable check) throws Throwable {
        Signal usr1 = new Signal("USR1");
        Signal.handle(usr1, signal -> { });
        try {
            check.call();
        } finally {
            Signal.handle(usr1, SignalHandler.SIG_DFL);
        }
    }

    /** The availability states a started application has (the runner publishes no ApplicationReadyEvent). */
    private static HealthEndpoint started(AssertableApplicationContext context) {
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        return context.getBean(HealthEndpoint.class);
    }

    private static MeterRegistry registry(AssertableApplicationContext context) {
        return context.getBean(MeterRegistry.class);
    }
}
