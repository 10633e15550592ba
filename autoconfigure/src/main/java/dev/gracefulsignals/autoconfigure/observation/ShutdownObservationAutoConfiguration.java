package dev.gracefulsignals.autoconfigure.observation;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observations of the shutdown, its phases and hooks, when the application has an {@link ObservationRegistry} (with
 * spring-boot-starter-actuator, or one of its own). See {@code docs/metrics.md}.
 */
@AutoConfiguration(after = GracefulSignalsAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, GracefulShutdown.class })
public final class ShutdownObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ShutdownObservations shutdownObservations(ObservationRegistry registry) {
        return new ShutdownObservations(registry);
    }
}
