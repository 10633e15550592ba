package dev.gracefulsignals.autoconfigure.actuate;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import dev.gracefulsignals.autoconfigure.signals.SignalBridge;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The read-only {@code signals} actuator endpoint, when spring-boot-actuator is present and the endpoint
 * is available (enabled and exposed, by Spring Boot's rules).
 */
@AutoConfiguration(after = GracefulSignalsAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ SignalBridge.class, GracefulShutdown.class })
@ConditionalOnAvailableEndpoint(SignalsEndpoint.class)
public final class SignalsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SignalActivity signalActivity() {
        return new SignalActivity();
    }

    @Bean
    @ConditionalOnMissingBean
    SignalsEndpoint signalsEndpoint(SignalBridge bridge, GracefulShutdown shutdown, SignalActivity activity) {
        return new SignalsEndpoint(bridge, shutdown, activity);
    }
}
