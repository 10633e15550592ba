package dev.gracefulsignals.autoconfigure.shutdown;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.gracefulsignals.shutdown.phase.Intake;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.endpoint.SourcePollingChannelAdapter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.InterceptableChannel;

/**
 * Spring Integration's inbound endpoints in stop-intake: what brings work into the flows stops before the hooks,
 * while the flows themselves (channels, handlers, outbound adapters) stay for the work in hand and for the hooks.
 * Inbound are the two kinds Integration itself treats as inbound in its orderly shutdown
 * ({@code IntegrationMBeanExporter.stopActiveComponents}): the message-driven producers
 * ({@code MessageProducerSupport}: Kafka, AMQP, JMS, TCP, file-tailing adapters...) and the polling ones
 * ({@code SourcePollingChannelAdapter}: file, JDBC, mail pollers, polled suppliers...). Roles
 * ({@code SmartLifecycleRoleController}) would be Integration's means for a group, but no role is inbound by
 * default: each application names its own.
 *
 * <p>A message-driven producer's {@code stop()} finishes its message in hand (a Kafka adapter's container after the
 * record), blocking: they stop on a thread of their own ({@link BlockingStop}). A polling adapter's {@code stop()}
 * would cancel the poll in hand with an interrupt, so it is first paused the way Integration provides,
 * {@code maxMessagesPerPoll = 0} (the poll under way takes no further message, later polls take none), and stopped
 * once the message it sent is done: each adapter's output channel counts the sends in flight (an interceptor
 * attached once the beans exist). Idle means no send in flight and none begun since the previous look, one
 * stop-intake slice earlier, so a poll that had just passed Integration's check and is still receiving is seen when
 * it sends. An adapter whose channel cannot be intercepted is stopped at once. The deadline cuts what is still in hand.
 */
final class IntegrationInboundIntake implements Intake, SmartInitializingSingleton {

    static final String MESSAGE_PRODUCER = "org.springframework.integration.endpoint.MessageProducerSupport";
    static final String POLLING_ADAPTER = "org.springframework.integration.endpoint.SourcePollingChannelAdapter";

    private static final Logger log = LoggerFactory.getLogger(IntegrationInboundIntake.class);

    private final ConfigurableListableBeanFactory beans;
    /** The sends in flight on each polling adapter's output channel, one counter per channel. */
    private final Map<SourcePollingChannelAdapter, SendsInFlight> sends = new IdentityHashMap<>();
    /** Paused adapters not stopped yet, with the send count seen at the previous look. */
    private final Map<SourcePollingChannelAdapter, Long> pausing = new IdentityHashMap<>();
    private volatile boolean producersStopped;
    private @Nullable Runnable done;

    IntegrationInboundIntake(ConfigurableListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public String name() {
        return "Integration inbound endpoints";
    }

    /** Once every bean exists, before any endpoint starts: the polling adapters' output channels count their sends. */
    @Override
    public synchronized void afterSingletonsInstantiated() {
        Map<MessageChannel, SendsInFlight> byChannel = new IdentityHashMap<>();
        for (SourcePollingChannelAdapter adapter : pollingAdapters(false)) {
            try {
                MessageChannel output = adapter.getOutputChannel();
                if (output instanceof InterceptableChannel channel) {
                    SendsInFlight counter = byChannel.get(output);
                    if (counter == null) {
                        counter = new SendsInFlight();
                        byChannel.put(output, counter);
                        channel.addInterceptor(counter);
                    }
                    sends.put(adapter, counter);
                }
            } catch (RuntimeException unresolved) { // an output channel that does not resolve: the adapter fails on its own
                log.debug("Not counting the sends of {}", adapter, unresolved);
            }
        }
    }

    @Override
    public synchronized void stop(Runnable done) {
        this.done = done;
        for (SourcePollingChannelAdapter adapter : pollingAdapters(true)) {
            adapter.setMaxMessagesPerPoll(0);
            pausing.put(adapter, -1L);
        }
        List<SmartLifecycle> producers = LifecycleIntake.running(beans, MESSAGE_PRODUCER);
        BlockingStop.start("Integration message producers", producers, new ProducersStopped(this));
        poll();
    }

    /** On stop-intake's thread: stops each paused adapter once idle, and calls {@code done} when all are stopped. */
    @Override
    public synchronized void poll() {
        List<SourcePollingChannelAdapter> idle = new ArrayList<>();
        for (Map.Entry<SourcePollingChannelAdapter, Long> paused : pausing.entrySet()) {
            SendsInFlight counter = sends.get(paused.getKey());
            long begun = counter == null ? 0 : counter.begun();
            if (counter == null || (counter.inFlight() == 0 && begun == paused.getValue())) {
                idle.add(paused.getKey());
            } else {
                paused.setValue(begun);
            }
        }
        for (SourcePollingChannelAdapter adapter : idle) {
            pausing.remove(adapter);
            try {
                adapter.stop();
            } catch (RuntimeException failure) {
                log.error("Stopping {} failed; the shutdown goes on", adapter, failure);
            }
        }
        Runnable finished = done;
        if (finished != null && pausing.isEmpty() && producersStopped) {
            done = null;
            finished.run();
        }
    }

    private List<SourcePollingChannelAdapter> pollingAdapters(boolean runningOnly) {
        List<SourcePollingChannelAdapter> found = new ArrayList<>();
        for (String bean : beans.getBeanNamesForType(SourcePollingChannelAdapter.class, false, false)) {
            if (beans.containsSingleton(bean) && beans.getBean(bean) instanceof SourcePollingChannelAdapter adapter
                    && (!runningOnly || adapter.isRunning())) {
                found.add(adapter);
            }
        }
        return found;
    }

    /** Counts the sends in flight on a channel and those begun; an interceptor, so it sees a send from its start to its end. */
    private static final class SendsInFlight implements ChannelInterceptor {

        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicLong begun = new AtomicLong();

        @Override
        public Message<?> preSend(Message<?> message, MessageChannel channel) {
            begun.incrementAndGet();
            inFlight.incrementAndGet();
            return message;
        }

        @Override
        public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, @Nullable Exception ex) {
            inFlight.decrementAndGet();
        }

        int inFlight() {
            return inFlight.get();
        }

        long begun() {
            return begun.get();
        }
    }

    /** The producers' stop thread reports here; stop-intake's next poll then finishes. A named class: the exit path. */
    private static final class ProducersStopped implements Runnable {

        private final IntegrationInboundIntake intake;

        ProducersStopped(IntegrationInboundIntake intake) {
            this.intake = intake;
        }

        @Override
        public void run() {
            intake.producersStopped = true;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
