package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownReport;
import dev.gracefulsignals.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The shutdown settings checked at startup: an error for a deadline the drain delay fills, a warning for hooks that cannot fit. */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownSettingsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class))
            .withPropertyValues("graceful.signals.term=none", "graceful.signals.int=none", "graceful.signals.hup=none");

    @Test
    void aDeadlineTheDrainDelayFillsRefusesToStartInAChildJvmNamingBothProperties() throws Exception {
        try (ChildJvm child = ChildJvm.start(ChildApp.class, List.of(), "--graceful.shutdown.timeout=1s",
                "--graceful.shutdown.drain-delay=2s")) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isNotZero();
            assertThat(child.output()).contains("graceful.shutdown.timeout (1000 ms) leaves less than 1000 ms after"
                    + " graceful.shutdown.drain-delay (2000 ms)").contains("Raise graceful.shutdown.timeout").doesNotContain("ready");
        }
    }

    @Test
    void hooksWhoseTimeoutsCannotFitInTheDeadlineAreAStartupWarningNamingThem(CapturedOutput output) {
        runner.withUserConfiguration(Hooks.class)
                .withPropertyValues("graceful.shutdown.timeout=4500ms", "graceful.shutdown.drain-delay=1s", "graceful.shutdown.task-grace-period=1s", "graceful.shutdown.hook-timeout=1200ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).contains("Shutdown hooks [third] may not run");
                });
    }

    @Test
    void theReplacedHaltOnRepeatFailsStartupNamingItsReplacement() {
        runner.withPropertyValues("graceful.shutdown.halt-on-repeat=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(GracefulSignalsConfigurationException.class)
                    .hasMessageContaining("graceful.shutdown.halt-on-repeat is set, but it is no longer read")
                    .hasMessageContaining("graceful.shutdown.on-repeat=halt");
        });
    }

    @Test
    void concurrentHooksOfEqualOrderFitWhereSequentialOnesWouldNot(CapturedOutput output) {
        runner.withUserConfiguration(Hooks.class)
                .withPropertyValues("graceful.shutdown.timeout=4500ms", "graceful.shutdown.drain-delay=1s", "graceful.shutdown.task-grace-period=1s", "graceful.shutdown.hook-timeout=1200ms",
                        "graceful.shutdown.concurrent-hooks=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).doesNotContain("may not run");
                });
    }

    @Test
    void aContextCloseAsATestOrTheActuatorDoesItNeverWaitsTheDrainDelay() {
        runner.withPropertyValues("graceful.shutdown.drain-delay=60s", "graceful.shutdown.timeout=90s").run(context -> {
            GracefulShutdown shutdown = context.getBean(GracefulShutdown.class);
            context.close();
            assertThat(shutdown.coordinator().report().orElseThrow().phases()).extracting(ShutdownReport.Phase::name)
                    .containsExactly("refuse-traffic", "stop-intake", "cancel-tasks", "hooks");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Hooks {

        @Bean
        @Order(1)
        ShutdownHook first() {
            return () -> { };
        }

        @Bean
        @Order(2)
        ShutdownHook second() {
            return () -> { };
        }

        @Bean
        @Order(2)
        ShutdownHook third() {
            return new ShutdownHook() {
                @Override
                public void run() {
                }

                @Override
                public Optional<Duration> timeout() {
                    return Optional.of(Duration.ofMillis(500));
                }
            };
        }
    }
}
