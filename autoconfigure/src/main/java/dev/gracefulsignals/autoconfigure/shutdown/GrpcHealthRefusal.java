package dev.gracefulsignals.autoconfigure.shutdown;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulsignals.shutdown.ShutdownCoordinator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.util.ClassUtils;

/**
 * The gRPC health service answers {@code NOT_SERVING} from refuse-traffic on, for {@code ""} (the whole server) and
 * for every service the gRPC servers serve: clients and proxies that follow gRPC health (a {@code Check} poll, a
 * {@code Watch} stream) stop sending during the drain delay, as a load balancer that follows readiness does. Without
 * it Boot's {@code HealthStatusManager} says {@code SERVING} until the context is destroyed, after the server stopped.
 *
 * <p>Refuse-traffic publishes {@code REFUSING_TRAFFIC} on the sequence's thread; this listener follows it once the
 * sequence began, and only then: an application that turns readiness off for a while keeps its gRPC health. The
 * statuses are set, then {@code enterTerminalState()} (which Boot calls at bean destruction anyway) makes every
 * later update, Boot's scheduled health updates included, a no-op. The manager is found among the singletons that
 * exist, never created; its type is named, not linked (this module is also built against Boot 4.0).
 */
final class GrpcHealthRefusal implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

    static final String HEALTH_STATUS_MANAGER = "io.grpc.protobuf.services.HealthStatusManager";
    private static final String SERVING_STATUS = "io.grpc.health.v1.HealthCheckResponse$ServingStatus";

    private static final Logger log = LoggerFactory.getLogger(GrpcHealthRefusal.class);

    private final ConfigurableListableBeanFactory beans;
    private final ShutdownCoordinator coordinator;
    private final GrpcServerIntake servers;
    /** Looked up at startup, so the exit path only invokes them. */
    private final Class<?> type;
    private final Object notServing;
    private final Method setStatus;
    private final Method enterTerminalState;
    private volatile boolean refused;

    /** Only made when grpc-services is on the class path (the configuration's condition). */
    GrpcHealthRefusal(ConfigurableListableBeanFactory beans, ShutdownCoordinator coordinator, GrpcServerIntake servers)
            throws ReflectiveOperationException {
        this.beans = beans;
        this.coordinator = coordinator;
        this.servers = servers;
        ClassLoader loader = beans.getBeanClassLoader();
        this.type = ClassUtils.forName(HEALTH_STATUS_MANAGER, loader);
        this.notServing = notServing(ClassUtils.forName(SERVING_STATUS, loader));
        this.setStatus = type.getMethod("setStatus", String.class, notServing.getClass());
        this.enterTerminalState = type.getMethod("enterTerminalState");
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() != ReadinessState.REFUSING_TRAFFIC || refused || coordinator.state() == ShutdownCoordinator.State.RUNNING) {
            return;
        }
        refused = true;
        List<String> names = new ArrayList<>();
        names.add(""); // the server as a whole
        names.addAll(servers.serviceNames());
        // allowEagerInit=false and containsSingleton: never create a bean during shutdown.
        for (String bean : beans.getBeanNamesForType(type, false, false)) {
            if (!beans.containsSingleton(bean)) {
                continue;
            }
            try {
                Object health = beans.getBean(bean);
                for (String service : names) {
                    setStatus.invoke(health, service, notServing);
                }
                enterTerminalState.invoke(health);
                log.info("Graceful shutdown: gRPC health ({}) answers NOT_SERVING for the server and its {} services", bean, names.size() - 1);
            } catch (ReflectiveOperationException | RuntimeException failure) {
                log.error("The gRPC health service {} could not be set to NOT_SERVING; the shutdown goes on", bean, failure);
            }
        }
    }

    private static Object notServing(Class<?> servingStatus) {
        for (Object constant : servingStatus.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals("NOT_SERVING")) {
                return constant;
            }
        }
        throw new IllegalStateException(servingStatus.getName() + " has no NOT_SERVING");
    }
}
