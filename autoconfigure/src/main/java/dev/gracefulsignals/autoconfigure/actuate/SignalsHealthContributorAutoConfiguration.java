package dev.gracefulsignals.autoconfigure.actuate;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code signals} health contributor, when spring-boot-health is present; off with
 * {@code management.health.signals.enabled=false}. Its status while a handled signal can never arrive
 * is {@code graceful.health.undeliverable-status} (DOWN), while a handler is evicted
 * {@code graceful.health.evicted-status} (EVICTED).
 */
@AutoConfiguration(after = { GracefulSignalsAutoConfiguration.class, HandlerEvictionAutoConfiguration.class })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(HandlerEviction.class)
@ConditionalOnEnabledHealthIndicator("signals")
@EnableConfigurationProperties(SignalsHealthProperties.class)
public final class SignalsHealthContributorAutoConfiguration {

    @Bean(name = "signalsHealthIndicator")
    @ConditionalOnMissingBean(name = "signalsHealthIndicator")
    SignalsHealthIndicator signalsHealthIndicator(HandlerEviction eviction, SignalsHealthProperties properties) {
        return new SignalsHealthIndicator(eviction, properties.evictedStatus(), properties.undeliverableStatus());
    }
}
