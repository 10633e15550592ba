package dev.gracefulsignals.autoconfigure.shutdown;

import java.lang.reflect.Field;
import java.time.Duration;

import dev.gracefulsignals.shutdown.phase.Intake;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ReflectionUtils;

/**
 * The {@code @RabbitListener} containers, stopped through their registry as {@link LifecycleIntake} stops any: each
 * cancels its consumer, puts back what it had prefetched, and finishes the message in hand. One difference: a Spring
 * AMQP container waits for the message in hand only for its own {@code shutdownTimeout} (5 s by default), then
 * interrupts the listener and closes its channel while the listener still works, so the broker delivers the message
 * again (its work done twice, or cut) and the hooks close what the listener still uses. A container still at that
 * default is given {@code graceful.shutdown.timeout} instead: the shutdown's deadline cuts, as for every other intake.
 * A container whose {@code shutdownTimeout} was set keeps it.
 */
final class RabbitListenerIntake implements Intake {

    static final String REGISTRY = "org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry";

    private final ConfigurableListableBeanFactory beans;
    private final Duration timeout;
    private final LifecycleIntake registries;
    /** The containers' shutdown timeout, which they do not expose (its getter is protected); null where it moved. */
    private final @Nullable Field shutdownTimeout;

    RabbitListenerIntake(ConfigurableListableBeanFactory beans, Duration timeout) {
        this.beans = beans;
        this.timeout = timeout;
        this.registries = new LifecycleIntake("Rabbit listeners", REGISTRY, beans);
        this.shutdownTimeout = ReflectionUtils.findField(AbstractMessageListenerContainer.class, "shutdownTimeout", long.class);
        if (shutdownTimeout != null) {
            ReflectionUtils.makeAccessible(shutdownTimeout);
        }
    }

    @Override
    public String name() {
        return registries.name();
    }

    @Override
    public void stop(Runnable done) {
        for (SmartLifecycle registry : LifecycleIntake.running(beans, REGISTRY)) {
            // Object: the containers' interface moved to spring-amqp's core package in 4.1; the erased call is the same.
            for (Object container : ((RabbitListenerEndpointRegistry) registry).getListenerContainers()) {
                waitUntilTheDeadline(container);
            }
        }
        registries.stop(done);
    }

    private void waitUntilTheDeadline(Object container) {
        if (shutdownTimeout != null && container instanceof AbstractMessageListenerContainer listeners
                && (long) ReflectionUtils.getField(shutdownTimeout, listeners) == AbstractMessageListenerContainer.DEFAULT_SHUTDOWN_TIMEOUT
                && timeout.toMillis() > AbstractMessageListenerContainer.DEFAULT_SHUTDOWN_TIMEOUT) {
            listeners.setShutdownTimeout(timeout.toMillis());
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
