package dev.gracefulsignals.autoconfigure.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.shutdown.ShutdownPhase;
import dev.gracefulsignals.shutdown.ShutdownReport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The sequence is the list of ShutdownPhase beans in their order: read it, add to it, replace a phase by name. */
class ShutdownPhasesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class))
            .withPropertyValues("graceful.signals.term=none", "graceful.signals.int=none", "graceful.signals.hup=none");

    @Test
    void theStartersPhasesInTheirOrder() {
        runner.run(context -> assertThat(context.getBean(GracefulShutdown.class).phases()).extracting(ShutdownPhase::name)
                .containsExactly("signal-listeners", "refuse-traffic", "drain-delay", "stop-intake", "cancel-tasks", "hooks", "close-context"));
    }

    @Test
    void closeContextFalseLeavesItsPhaseOut() {
        runner.withPropertyValues("graceful.shutdown.close-context=false").run(context -> assertThat(context.getBean(GracefulShutdown.class)
                .phases()).extracting(ShutdownPhase::name).doesNotContain("close-context"));
    }

    @Test
    void anApplicationsOwnPhaseRunsWhereItsOrderPutsIt() {
        runner.withUserConfiguration(Audit.class).run(context -> {
            GracefulShutdown shutdown = context.getBean(GracefulShutdown.class);
            Audit audit = context.getBean(Audit.class);
            context.close();
            assertThat(audit.ran).as("it ran, and saw what started the sequence").containsExactly("context-close");
            assertThat(shutdown.coordinator().report().orElseThrow().phases()).extracting(ShutdownReport.Phase::name)
                    .containsExactly("refuse-traffic", "stop-intake", "audit", "cancel-tasks", "hooks");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Audit {

        final List<String> ran = new CopyOnWriteArrayList<>();

        @Bean
        @Order(ShutdownPhaseOrder.STOP_INTAKE + 1)
        ShutdownPhase audit() {
            return ShutdownPhase.of("audit", sequence -> ran.add(sequence.trigger().label()));
        }
    }
}
