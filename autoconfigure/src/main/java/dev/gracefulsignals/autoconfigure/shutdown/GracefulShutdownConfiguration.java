package dev.gracefulsignals.autoconfigure.shutdown;

import dev.gracefulsignals.autoconfigure.ConfigurationChecks;
import dev.gracefulsignals.autoconfigure.GracefulSignalsProperties;
import dev.gracefulsignals.shutdown.ProcessExit;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.shutdown.ShutdownPhase;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.shutdown.phase.DrainDelay;
import dev.gracefulsignals.shutdown.phase.Intake;
import dev.gracefulsignals.shutdown.phase.RunHooks;
import dev.gracefulsignals.shutdown.phase.StopIntake;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The graceful shutdown: the sequence ({@link GracefulShutdown}) and, read top to bottom, its phases. Each phase is a
 * {@code @Bean ShutdownPhase} at its {@link ShutdownPhaseOrder}; the sequence is every {@link ShutdownPhase} bean in
 * order, so an application adds a phase by declaring one, and replaces one of these by declaring a bean of the same
 * name. What stop-intake stops is each switched on by the presence of its technology ({@link IntakeConfiguration}).
 * Imported by {@code GracefulSignalsAutoConfiguration}, whose conditions it shares.
 */
@Configuration(proxyBeanMethods = false)
public final class GracefulShutdownConfiguration {

    @Bean
    @ConditionalOnMissingBean
    GracefulShutdown gracefulShutdown(ConfigurableApplicationContext context, GracefulSignalsProperties properties, ProcessExit exit,
                                      ShutdownToken token, ObjectProvider<ShutdownObserver> observers, ObjectProvider<ShutdownPhase> phases) {
        ConfigurationChecks.removedKeys(context.getEnvironment());
        return new GracefulShutdown(context, properties.getShutdown(), exit, token, observers.orderedStream().toList(),
                phases.orderedStream().toList());
    }

    @Bean
    @Order(ShutdownPhaseOrder.SIGNAL_LISTENERS)
    @ConditionalOnMissingBean(name = "gracefulSignalListenersPhase")
    SignalListeners gracefulSignalListenersPhase(GracefulSignalsProperties properties) {
        return new SignalListeners(properties.getShutdown().getListenerTimeout());
    }

    @Bean
    @Order(ShutdownPhaseOrder.REFUSE_TRAFFIC)
    @ConditionalOnMissingBean(name = "gracefulRefuseTrafficPhase")
    ShutdownPhase gracefulRefuseTrafficPhase(ConfigurableApplicationContext context) {
        return new RefuseTraffic(context);
    }

    @Bean
    @Order(ShutdownPhaseOrder.DRAIN_DELAY)
    @ConditionalOnMissingBean(name = "gracefulDrainDelayPhase")
    ShutdownPhase gracefulDrainDelayPhase(GracefulSignalsProperties properties) {
        GracefulSignalsProperties.Shutdown settings = properties.getShutdown();
        return new DrainDelay(settings.getDrainDelay(), settings.drainDelaySignals());
    }

    @Bean
    @Order(ShutdownPhaseOrder.STOP_INTAKE)
    @ConditionalOnMissingBean(name = "gracefulStopIntakePhase")
    ShutdownPhase gracefulStopIntakePhase(ObjectProvider<Intake> intakes) {
        return new StopIntake(intakes.orderedStream().toList());
    }

    @Bean
    @Order(ShutdownPhaseOrder.CANCEL_TASKS)
    @ConditionalOnMissingBean(name = "gracefulCancelTasksPhase")
    ShutdownPhase gracefulCancelTasksPhase(ConfigurableApplicationContext context, GracefulSignalsProperties properties) {
        return new CancelTasks(context.getBeanFactory(), properties.getShutdown().getTaskGracePeriod());
    }

    @Bean
    @Order(ShutdownPhaseOrder.HOOKS)
    @ConditionalOnMissingBean(name = "gracefulHooksPhase")
    RunHooks gracefulHooksPhase(ConfigurableApplicationContext context, GracefulSignalsProperties properties) {
        GracefulSignalsProperties.Shutdown settings = properties.getShutdown();
        return new RunHooks(new SpringHooks(context), settings.getHookTimeout(), settings.isConcurrentHooks());
    }

    @Bean
    @Order(ShutdownPhaseOrder.CLOSE_CONTEXT)
    @ConditionalOnBooleanProperty(name = "graceful.shutdown.close-context", matchIfMissing = true)
    @ConditionalOnMissingBean(name = "gracefulCloseContextPhase")
    ShutdownPhase gracefulCloseContextPhase(ConfigurableApplicationContext context) {
        return new CloseContext(context);
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
     * (Tomcat, Jetty, Reactor Netty alike, drained through Boot's graceful-shutdown lifecycle, then stopped),
     * the message listener registries (Kafka's waiting for asynchronous listener results), Spring Cloud Stream's
     * input bindings and Spring Integration's inbound endpoints.
     */
    @Configuration(proxyBeanMethods = false)
    static final class IntakeConfiguration {

        @Bean
        @ConditionalOnClass(name = WebServerIntake.GRACEFUL_LIFECYCLE)
        Intake gracefulWebServerIntake(ConfigurableApplicationContext context) {
            return new WebServerIntake(context);
        }

        @Bean
        @ConditionalOnClass(name = KafkaListenersIntake.REGISTRY)
        Intake gracefulKafkaIntake(ConfigurableListableBeanFactory beans, ObjectProvider<KafkaAsyncResults> asyncResults) {
            return new KafkaListenersIntake(beans, asyncResults.getIfAvailable());
        }

        /** A post-processor, so static: it must exist before the listener beans it advises. */
        @Bean
        @ConditionalOnClass(name = {"org.springframework.kafka.annotation.KafkaListener", "org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor"})
        static KafkaAsyncResults gracefulKafkaAsyncResults() {
            return new KafkaAsyncResults();
        }

        @Bean
        @ConditionalOnClass(name = InputBindingsIntake.INPUT_BINDING_LIFECYCLE)
        Intake gracefulCloudStreamIntake(ConfigurableListableBeanFactory beans) {
            return new InputBindingsIntake(beans);
        }

        @Bean
        @ConditionalOnClass(name = IntegrationInboundIntake.POLLING_ADAPTER)
        Intake gracefulIntegrationIntake(ConfigurableListableBeanFactory beans) {
            return new IntegrationInboundIntake(beans);
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
}
