package dev.gracefulsignals.autoconfigure;


import dev.gracefulsignals.shutdown.ProcessExit;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.shutdown.phase.Intake;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Takes the configured signals away from the JVM, delivers them as {@code SignalEvent}s and to
 * {@code @OnSignal} methods, and runs the graceful shutdown sequence. Off with {@code graceful.enabled=false}.
 */
// After Boot's availability bean: ReadinessGuard must hear readiness changes after it records them.
@AutoConfiguration(after = ApplicationAvailabilityAutoConfiguration.class)
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
                                      ShutdownToken token, ObjectProvider<ShutdownObserver> observers, ObjectProvider<Intake> intakes) {
        ConfigurationChecks.removedKeys(context.getEnvironment());
        return new GracefulShutdown(context, properties.getShutdown(), exit, token, observers.orderedStream().toList(),
                intakes.orderedStream().toList());
    }

    /** Flushes the logs before a halt or the native exit, which run no JVM shutdown hook. */
    @Bean
    ShutdownObserver gracefulLoggingFlush(ConfigurableApplicationContext context) {
        return new LoggingFlush(context.getClassLoader());
    }

    @Bean
    ReadinessGuard gracefulReadinessGuard(ConfigurableApplicationContext context, GracefulShutdown shutdown) {
        return new ReadinessGuard(context, shutdown.coordinator());
    }

    /** Before any bean that runs tasks exists: virtual-thread executors must track their threads from the start. */
    @Bean
    static TrackAsyncTasks gracefulTrackAsyncTasks(Environment environment) {
        // A post-processor comes before the properties bean: bind the whole settings the same way, same defaults.
        GracefulSignalsProperties.Shutdown settings = Binder.get(environment)
                .bind("graceful.shutdown", GracefulSignalsProperties.Shutdown.class).orElseGet(GracefulSignalsProperties.Shutdown::new);
        return new TrackAsyncTasks(settings.getTaskGracePeriod());
    }

    /**
     * What stop-intake stops, each only when its technology is on the class path: the web server
     * (Tomcat, Jetty, Reactor Netty alike, drained through Boot's graceful-shutdown lifecycle, then stopped)
     * and the message listener registries.
     */
    @Configuration(proxyBeanMethods = false)
    static class IntakeConfiguration {

        @Bean
        @ConditionalOnClass(name = WebServerIntake.GRACEFUL_LIFECYCLE)
        Intake gracefulWebServerIntake(ConfigurableApplicationContext context) {
            return new WebServerIntake(context);
        }

        @Bean
        @ConditionalOnClass(name = "org.springframework.kafka.config.KafkaListenerEndpointRegistry")
        Intake gracefulKafkaIntake(ConfigurableListableBeanFactory beans) {
            return new LifecycleIntake("Kafka listeners", "org.springframework.kafka.config.KafkaListenerEndpointRegistry", beans);
        }

        @Bean
        @ConditionalOnClass(name = "org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry")
        Intake gracefulRabbitIntake(ConfigurableListableBeanFactory beans) {
            return new LifecycleIntake("Rabbit listeners", "org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry", beans);
        }

        @Bean
        @ConditionalOnClass(name = "org.springframework.jms.config.JmsListenerEndpointRegistry")
        Intake gracefulJmsIntake(ConfigurableListableBeanFactory beans) {
            return new LifecycleIntake("JMS listeners", "org.springframework.jms.config.JmsListenerEndpointRegistry", beans);
        }

        @Bean
        @ConditionalOnClass(name = "org.springframework.pulsar.config.PulsarListenerEndpointRegistry")
        Intake gracefulPulsarIntake(ConfigurableListableBeanFactory beans) {
            return new LifecycleIntake("Pulsar listeners", "org.springframework.pulsar.config.PulsarListenerEndpointRegistry", beans);
        }
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
