package dev.gracefulsignals.autoconfigure.actuate;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.signals.SignalBridge;
import dev.gracefulsignals.dispatch.Signals;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The eviction check, whenever signals are handled, and its {@code signals.evicted} gauge when a
 * {@link MeterRegistry} exists: an eviction stays visible in the log and the meters even where the
 * health contributor is off or its status is left out of the aggregate.
 */
@AutoConfiguration(after = GracefulSignalsAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBean(SignalBridge.class)
public final class HandlerEvictionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HandlerEviction handlerEviction() {
        return new HandlerEviction();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class EvictionGauge {

        @Bean
        Gauge signalsEvictedGauge(HandlerEviction eviction, MeterRegistry registry) {
            return Gauge.builder("signals.evicted", eviction, check -> check.evicted().size())
                    .description("Handled signals whose handler another library replaced: they no longer reach the application")
                    .strongReference(true)
                    .register(registry);
        }

        /** 1 where the jvm backend runs because the native library could not load: an alert finds every such pod. */
        @Bean
        Gauge signalsFallbackGauge(MeterRegistry registry) {
            return Gauge.builder("signals.fallback", () -> Signals.fellBack() ? 1 : 0)
                    .description("1 when the jvm backend runs because the native library could not load (no sender details, no native exit guard)")
                    .strongReference(true)
                    .register(registry);
        }
    }
}
