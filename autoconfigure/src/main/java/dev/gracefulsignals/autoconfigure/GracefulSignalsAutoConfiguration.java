package dev.gracefulsignals.autoconfigure;

import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdownConfiguration;
import dev.gracefulsignals.autoconfigure.signals.SignalsConfiguration;
import dev.gracefulsignals.shutdown.ProcessExit;
import dev.gracefulsignals.shutdown.ShutdownToken;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Takes the configured signals away from the JVM, delivers them as {@code SignalEvent}s and to
 * {@code @OnSignal} methods ({@link SignalsConfiguration}), and runs the graceful shutdown sequence
 * ({@link GracefulShutdownConfiguration}, where the phases are listed in order). Off with {@code graceful.enabled=false}.
 */
// After Boot's availability bean: ReadinessGuard must hear readiness changes after it records them.
@AutoConfiguration(after = ApplicationAvailabilityAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "graceful.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GracefulSignalsProperties.class)
@Import({ GracefulShutdownConfiguration.class, SignalsConfiguration.class })
public final class GracefulSignalsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ShutdownToken shutdownToken() {
        return new ShutdownToken();
    }

    @Bean
    @ConditionalOnMissingBean
    ProcessExit processExit() {
        return ProcessExit.jvm();
    }
}
