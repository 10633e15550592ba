package dev.gracefulsignals.autoconfigure;

import dev.gracefulsignals.shutdown.ProcessExit;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.shutdown.ShutdownToken;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Takes the configured signals away from the JVM, delivers them as {@code SignalEvent}s and to
 * {@code @OnSignal} methods, and runs the graceful shutdown sequence. Off with {@code graceful.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "graceful.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GracefulSignalsProperties.class)
public class GracefulSignalsAutoConfiguration {

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

    @Bean
    @ConditionalOnMissingBean
    GracefulShutdown gracefulShutdown(ConfigurableApplicationContext context, GracefulSignalsProperties properties, ProcessExit exit,
                                      ShutdownToken token, ObjectProvider<ShutdownObserver> observers) {
        return new GracefulShutdown(context, properties.getShutdown(), exit, token, observers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    SignalBridge signalBridge(GracefulSignalsProperties properties, GracefulShutdown shutdown,
                              ConfigurableApplicationContext context, ObjectProvider<SignalDeliveryObserver> observers,
                              ObjectProvider<ReloadObserver> reloadObservers) {
        return new SignalBridge(properties, shutdown, context, observers.orderedStream().toList(),
                reloadObservers.orderedStream().toList());
    }
}
