package dev.gracefulsignals.autoconfigure.shutdown;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.gracefulsignals.shutdown.phase.Intake;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Spring Kafka's {@code @KafkaListener} containers in stop-intake: the endpoint registry stops them after the record in
 * hand, its offset committed ({@link LifecycleIntake}). Where a listener returns a {@code CompletableFuture} or
 * {@code Mono} ({@link KafkaAsyncResults}), the containers are first paused ({@code pause()}: no record is fetched
 * after the current poll's) and stopped once every container is paused and every such result has been handled and
 * acknowledged: the running consumer commits those acknowledgements, and the work is done before the hooks. The
 * deadline cuts what is still running; the records it held are then not committed and come again.
 */
final class KafkaListenersIntake implements Intake {

    static final String REGISTRY = "org.springframework.kafka.config.KafkaListenerEndpointRegistry";

    private static final Logger log = LoggerFactory.getLogger(KafkaListenersIntake.class);

    private final ConfigurableListableBeanFactory beans;
    private final @Nullable KafkaAsyncResults results;
    private final LifecycleIntake registries;
    private List<MessageListenerContainer> pausing = List.of();
    private @Nullable Runnable done;

    KafkaListenersIntake(ConfigurableListableBeanFactory beans, @Nullable KafkaAsyncResults results) {
        this.beans = beans;
        this.results = results;
        this.registries = new LifecycleIntake("Kafka listeners", REGISTRY, beans);
    }

    @Override
    public String name() {
        return "Kafka listeners";
    }

    @Override
    public synchronized void stop(Runnable done) {
        if (results == null || !results.anyListener()) {
            registries.stop(done);
            return;
        }
        List<MessageListenerContainer> containers = new ArrayList<>();
        for (SmartLifecycle registry : LifecycleIntake.running(beans, REGISTRY)) {
            for (MessageListenerContainer container : ((KafkaListenerEndpointRegistry) registry).getListenerContainers()) {
                if (container.isRunning()) {
                    container.pause();
                    containers.add(container);
                }
            }
        }
        this.pausing = containers;
        this.done = done;
        poll();
    }

    /** On stop-intake's thread: once paused with no asynchronous result left, the registries stop the containers. */
    @Override
    public synchronized void poll() {
        Runnable waiting = done;
        if (waiting == null || results == null || results.inFlight() > 0) {
            return;
        }
        for (MessageListenerContainer container : pausing) {
            if (!paused(container)) {
                return;
            }
        }
        done = null;
        log.debug("Kafka listeners paused, their asynchronous results handled: stopping the containers");
        registries.stop(waiting);
    }

    /** Paused, or nothing to pause: a consumer with no partitions assigned holds no record. */
    private static boolean paused(MessageListenerContainer container) {
        if (container.isContainerPaused() || !container.isRunning()) {
            return true;
        }
        Collection<?> assigned = container.getAssignedPartitions();
        return assigned == null || assigned.isEmpty();
    }

    @Override
    public String toString() {
        return name();
    }
}
