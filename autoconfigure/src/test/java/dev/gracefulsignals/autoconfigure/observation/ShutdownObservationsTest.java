package dev.gracefulsignals.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.metrics.MetricsTableTest;
import dev.gracefulsignals.autoconfigure.metrics.SignalMetricsAutoConfiguration;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A real shutdown in this JVM, started by a real RTMIN+20 configured to shut down (exit recorded), observed by a
 * {@link TestObservationRegistry}: one shutdown observation, a phase observation per phase inside it, a hook
 * observation per hook inside the {@code hooks} phase; and the timers Micrometer's default handler makes of them do
 * not clash with the documented {@code signals.*}/{@code shutdown.*} meters.
 */
class ShutdownObservationsTest {

    private static final Signal SHUTDOWN_SIGNAL = Signal.rtmin(20);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class, ShutdownObservationAutoConfiguration.class,
                    SignalMetricsAutoConfiguration.class))
            .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
            .withPropertyValues("graceful.signals[rtmin+20]=shutdown", "graceful.shutdown.hook-timeout=200ms");

    @Test
    void theShutdownIsATreeOfObservationsShutdownPhaseHook() throws Exception {
        TestObservationRegistry observations = TestObservationRegistry.create();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        runner.withBean(ObservationRegistry.class, () -> observations).withBean(MeterRegistry.class, () -> meters)
                .withUserConfiguration(MetricsTableTest.Hooks.class).run(context -> {
                    TestSignals.send(SHUTDOWN_SIGNAL);
                    assertThat(context.getBean(RecordingProcessExit.class).awaitExit(Duration.ofSeconds(20)))
                            .isEqualTo(128 + SHUTDOWN_SIGNAL.number());
                });

        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo(ShutdownObservations.SHUTDOWN, 1)
                .hasNumberOfObservationsWithNameEqualTo(ShutdownObservations.HOOK, 3)
                .hasObservationWithNameEqualTo(ShutdownObservations.SHUTDOWN).that()
                .hasLowCardinalityKeyValue("trigger", "SIG" + SHUTDOWN_SIGNAL.name())
                .hasLowCardinalityKeyValue("outcome", "completed").hasBeenStarted().hasBeenStopped();
        TestObservationRegistryAssert.assertThat(observations).hasHandledContextsThatSatisfy(contexts -> {
            Observation.Context whole = only(contexts, named(ShutdownObservations.SHUTDOWN));
            List<Observation.Context> phases = contexts.stream().filter(named(ShutdownObservations.PHASE)).toList();
            assertThat(phases).extracting(phase -> phase.getLowCardinalityKeyValue("phase").getValue())
                    .containsExactly("refuse-traffic", "stop-intake", "cancel-tasks", "hooks", "close-context");
            assertThat(phases).allSatisfy(phase -> assertThat(phase.getParentObservation()).isNotNull()
                    .satisfies(parent -> assertThat(parent.getContextView()).isSameAs(whole)));
            Observation.Context hooksPhase = only(contexts, context -> named(ShutdownObservations.PHASE).test(context)
                    && context.getLowCardinalityKeyValue("phase").getValue().equals("hooks"));
            List<Observation.Context> hooks = contexts.stream().filter(named(ShutdownObservations.HOOK)).toList();
            assertThat(hooks).extracting(hook -> hook.getLowCardinalityKeyValue("hook").getValue() + ":"
                    + hook.getLowCardinalityKeyValue("outcome").getValue()).containsExactly("quick:success", "failing:failure", "slow:timeout");
            assertThat(hooks).allSatisfy(hook -> assertThat(hook.getParentObservation().getContextView()).isSameAs(hooksPhase));
        });

        Set<String> observed = meters.getMeters().stream().map(meter -> meter.getId().getName())
                .filter(name -> name.startsWith("graceful.")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(observed).as("the timers Micrometer's default handler made of the observations").contains(
                ShutdownObservations.SHUTDOWN, ShutdownObservations.PHASE, ShutdownObservations.HOOK,
                ShutdownObservations.SHUTDOWN + ".active");
        Set<String> documented = MetricsTableTest.table().keySet();
        assertThat(documented).as("the documented meters").contains("shutdown.duration").doesNotContainAnyElementsOf(observed);
        assertThat(observed).allSatisfy(name -> assertThat(name).doesNotStartWith("shutdown.").doesNotStartWith("signals."));
    }

    @Test
    void withoutAnObservationRegistryNothingIsObserved() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ShutdownObservations.class));
    }

    private static Predicate<Observation.Context> named(String name) {
        return context -> name.equals(context.getName());
    }

    private static Observation.Context only(List<Observation.Context> contexts, Predicate<Observation.Context> match) {
        List<Observation.Context> found = contexts.stream().filter(match).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
