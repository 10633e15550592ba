package dev.gracefulsignals.autoconfigure.actuate;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.SignalBridge;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code signals} health contributor, when spring-boot-health is present; off with
 * {@code management.health.signals.enabled=false}.
 */
@AutoConfiguration(after = GracefulSignalsAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SignalBridge.class)
@ConditionalOnEnabledHealthIndicator("signals")
public class SignalsHealthContributorAutoConfiguration {

    @Bean(name = "signalsHealthIndicator")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(name = "signalsHealthIndicator")
    SignalsHealthIndicator signalsHealthIndicator() {
        return new SignalsHealthIndicator();
    }
}
