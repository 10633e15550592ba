package dev.gracefulsignals.autoconfigure.signals;

import dev.gracefulsignals.autoconfigure.GracefulSignalsProperties;
import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import dev.gracefulsignals.autoconfigure.shutdown.SignalListeners;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How a signal reaches the application: the {@link SignalBridge}, which subscribes to the core's signals and adapts
 * each delivery to {@code SignalEvent}s, {@code @OnSignal} methods, a reload or the shutdown. Imported by
 * {@code GracefulSignalsAutoConfiguration}, whose conditions it shares.
 */
@Configuration(proxyBeanMethods = false)
public final class SignalsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SignalBridge signalBridge(GracefulSignalsProperties properties, GracefulShutdown shutdown, SignalListeners signalListeners,
                              ConfigurableApplicationContext context, ObjectProvider<SignalDeliveryObserver> observers,
                              ObjectProvider<ReloadObserver> reloadObservers) {
        return new SignalBridge(properties, shutdown, signalListeners, context, observers.orderedStream().toList(),
                reloadObservers.orderedStream().toList());
    }
}
