package dev.gracefulsignals.autoconfigure.metrics;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import dev.gracefulsignals.shutdown.ShutdownToken;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code signals.*} and {@code shutdown.*} meters, when a {@link MeterRegistry} exists (with
 * spring-boot-starter-actuator or spring-boot-micrometer-metrics). See {@code docs/metrics.md}.
 */
@AutoConfiguration(after = GracefulSignalsAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, GracefulShutdown.class })
public final class SignalMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SignalMetrics signalMetrics(MeterRegistry registry) {
        return new SignalMetrics(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    ShutdownMetrics shutdownMetrics(MeterRegistry registry, ShutdownToken token) {
        return new ShutdownMetrics(registry, token);
    }
}
