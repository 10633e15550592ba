package dev.gracefulsignals.autoconfigure.shutdown;

import java.time.Duration;

import dev.gracefulsignals.autoconfigure.ConfigurationChecks;
import dev.gracefulsignals.autoconfigure.GracefulSignalsProperties;
import dev.gracefulsignals.shutdown.ProcessExit;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.shutdown.ShutdownPhase;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.shutdown.StreamEndListener;
import dev.gracefulsignals.shutdown.phase.DrainDelay;
import dev.gracefulsignals.shutdown.phase.Intake;
import dev.gracefulsignals.shutdown.phase.RunHooks;
import dev.gracefulsignals.shutdown.phase.StopIntake;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
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
     * Spring gRPC's servers, the message listener registries (Kafka's waiting for asynchronous listener results; Rabbit's
     * in {@link RabbitIntakeConfiguration}), Spring Cloud Stream's input bindings and Spring Integration's inbound
     * endpoints; Spring Batch's jobs are in {@link BatchIntakeConfiguration}.
     */
    @Configuration(proxyBeanMethods = false)
    static final class IntakeConfiguration {

        @Bean
        @ConditionalOnClass(name = WebServerIntake.GRACEFUL_LIFECYCLE)
        Intake gracefulWebServerIntake(ConfigurableApplicationContext context) {
            return new WebServerIntake(context);
        }

        /** Boot 4.1's gRPC server (Spring gRPC); bounded by Boot's own grace period too. */
        @Bean
        @ConditionalOnClass(name = GrpcServerIntake.LIFECYCLE)
        GrpcServerIntake gracefulGrpcServerIntake(Environment environment) {
            return new GrpcServerIntake(Binder.get(environment).bind("spring.grpc.server.shutdown.grace-period", Duration.class)
                    .orElse(Duration.ofSeconds(30))); // Boot's default
        }

        /** The gRPC health service turns NOT_SERVING with readiness, at refuse-traffic. */
        @Bean
        @ConditionalOnClass(name = {GrpcServerIntake.LIFECYCLE, GrpcHealthRefusal.HEALTH_STATUS_MANAGER})
        GrpcHealthRefusal gracefulGrpcHealthRefusal(ConfigurableListableBeanFactory beans, GracefulShutdown shutdown,
                                                    GrpcServerIntake gracefulGrpcServerIntake) throws ReflectiveOperationException {
            return new GrpcHealthRefusal(beans, shutdown.coordinator(), gracefulGrpcServerIntake);
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

    /**
     * The long-lived streams a web server would wait for until the deadline (Server-Sent Events, streamed responses,
     * WebSocket sessions), ended cleanly in stop-intake. Each stack records its streams its own way; off with
     * {@code graceful.shutdown.streams.enabled=false}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = WebServerIntake.GRACEFUL_LIFECYCLE)
    @ConditionalOnBooleanProperty(name = "graceful.shutdown.streams.enabled", matchIfMissing = true)
    static final class StreamsConfiguration {

        /** No dependencies: the post-processors below may ask for it before most beans exist. */
        @Bean
        static OpenStreams gracefulOpenStreams() {
            return new OpenStreams();
        }

        /** After the web server's intake, so the server stops accepting before the streams end (a client's reconnect finds it closed). */
        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        Intake gracefulStreamsIntake(OpenStreams streams, ObjectProvider<StreamEndListener> listeners) {
            streams.listeners(listeners.orderedStream().toList());
            return new StreamsIntake(streams);
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        @ConditionalOnClass(name = "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter")
        static final class Mvc {

            @Bean
            static MvcStreams gracefulMvcStreams(ObjectProvider<OpenStreams> streams) {
                return new MvcStreams(streams);
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        @ConditionalOnClass(name = {"org.springframework.web.servlet.mvc.HttpRequestHandlerAdapter",
                "org.springframework.web.socket.server.support.WebSocketHttpRequestHandler"})
        static final class MvcWebSocket {

            @Bean
            static MvcWebSockets gracefulMvcWebSockets(ObjectProvider<OpenStreams> streams) {
                return new MvcWebSockets(streams);
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
        @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
        static final class WebFlux {

            @Bean
            WebFluxStreams gracefulWebFluxStreams(OpenStreams streams) {
                return new WebFluxStreams(streams);
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
        @ConditionalOnClass(name = "org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter")
        static final class WebFluxWebSocket {

            @Bean
            static WebFluxWebSockets gracefulWebFluxWebSockets(ObjectProvider<OpenStreams> streams) {
                return new WebFluxWebSockets(streams);
            }
        }
    }

    /**
     * Spring Batch's job executions running in this JVM ({@link BatchIntake}): stopped through Batch's
     * {@code JobOperator} at their next chunk boundary and waited for. Its own class: the intake is also the post-processor
     * that gives each job bean the listener tracking its executions, so it is made early, by a static method, and its
     * type names Batch's classes, which only this class's condition keeps from loading.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.batch.core.job.AbstractJob")
    static final class BatchIntakeConfiguration {

        @Bean
        static BatchIntake gracefulBatchIntake() {
            return new BatchIntake();
        }
    }

    /**
     * The Rabbit listener registry: a configuration of its own, so that its condition is read before any of Spring
     * AMQP's classes, which {@link RabbitListenerIntake} uses, are loaded.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = RabbitListenerIntake.REGISTRY)
    static final class RabbitIntakeConfiguration {

        @Bean
        Intake gracefulRabbitIntake(ConfigurableListableBeanFactory beans, GracefulSignalsProperties properties) {
            return new RabbitListenerIntake(beans, properties.getShutdown().getTimeout());
        }
    }
}
