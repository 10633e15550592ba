package dev.gracefulsignals.stacks.messaging.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.stacks.messaging.MessageCount;
import dev.gracefulsignals.stacks.messaging.SteadyProducer;
import dev.gracefulsignals.stacks.support.OrderLine;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real JMS broker (ActiveMQ Artemis, embedded in this JVM and reached by the child over TCP, so it outlives the
 * child and holds what the child left) and a child JVM whose {@code @JmsListener} (Boot's defaults: a transacted
 * session) receives a steady stream, faster than it works, when TERM arrives: the listener stops before the hooks,
 * and every message produced was either processed once by the child (and committed: it is not in the queue after) or
 * is still in the queue for the next consumer, never both, never neither.
 */
class JmsShutdownTest {

    private static EmbeddedActiveMQ broker;
    private static String url;

    @BeforeAll
    static void startBroker() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        url = "tcp://127.0.0.1:" + port;
        broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false)
                .setJMXManagementEnabled(false).addAcceptorConfiguration("netty", url));
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.stop();
    }

    @Test
    void theListenerStopsBeforeTheHooksAndEveryMessageIsProcessedOnceOrLeftInTheQueue() throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.Queue work = session.createQueue("work");
            MessageProducer send = session.createProducer(work);
            // A persistent send blocks until the broker has it: what was sent is the broker's.
            SteadyProducer producer = new SteadyProducer(message -> send.send(session.createTextMessage(Integer.toString(message))));
            try (ChildJvm child = ChildJvm.start(JmsChildApp.class, List.of(), "--spring.artemis.mode=native",
                    "--spring.artemis.broker-url=" + url, "--spring.artemis.embedded.enabled=false")) {
                producer.start();
                for (int i = 0; i < 50; i++) {
                    child.awaitLine(line -> line.startsWith("processed "), Duration.ofSeconds(90));
                }
                Kill.process(child.pid(), Signal.TERM);
                assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);
                int produced = producer.stop();
                assertThat(child.output()).as("the report's order").containsPattern(
                        "phases=refuse-traffic:\\d+,stop-intake:\\d+,cancel-tasks:\\d+,hooks:\\d+,close-context:\\d+ .*exit=143");

                OrderLine order = OrderLine.in(child.output());
                int intakeStopped = order.indexOf("intake-stopped");
                assertThat(intakeStopped).as(order.line()).isPositive().isLessThan(order.indexOf("hook-start in-hand=0"));
                assertThat(order.after("intake-stopped")).as("nothing processed after stop-intake")
                        .noneMatch(step -> step.startsWith("processed"));
                List<Integer> processed = order.numbered("processed ").stream().map(Long::intValue).toList();
                List<Integer> left = drain(connection.createSession(false, Session.AUTO_ACKNOWLEDGE), work);
                System.out.printf("jms: produced %d, processed %d, left in the queue %d%n", produced, processed.size(), left.size());
                MessageCount.assertExactlyOnceOrLeft(produced, processed, left);
            }
        }
    }

    /**
     * A message whose work takes 8 s is in hand at TERM and two more are buffered by the client: stop-intake waits for
     * it (the container has no timeout of its own, the deadline bounds it), so it is processed and committed once,
     * before the hooks and before the resources it uses are closed; the buffered two go back to the queue.
     */
    @Test
    void aSlowMessageInHandIsFinishedAndCommittedBeforeTheHooks() throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.Queue work = session.createQueue("work");
            try (MessageProducer send = session.createProducer(work)) {
                for (int i = 0; i < 3; i++) {
                    send.send(session.createTextMessage(Integer.toString(i)));
                }
            }
            try (ChildJvm child = ChildJvm.start(JmsChildApp.class, List.of(), "--spring.artemis.mode=native",
                    "--spring.artemis.broker-url=" + url, "--spring.artemis.embedded.enabled=false", "--work-ms=8000")) {
                child.awaitLine(line -> line.equals("started 0"), Duration.ofSeconds(90));
                Kill.process(child.pid(), Signal.TERM);
                assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);
                assertThat(OrderLine.in(child.output()).line()).as(child.output()).isEqualTo("order=processed 0,intake-stopped,hook-start in-hand=0");
                assertThat(child.output()).contains("resource-closed in-hand=0").doesNotContain("interrupted while processing");
                assertThat(drain(session, work)).as("the buffered, back in the queue; the one in hand committed").containsExactlyInAnyOrder(1, 2);
            }
        }
    }

    /** What the queue still holds once the child's consumer is gone (the broker takes back what it had not committed). */
    private static List<Integer> drain(Session session, jakarta.jms.Queue work) throws Exception {
        Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of("work"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (queue.getConsumerCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<Integer> left = new ArrayList<>();
        try (MessageConsumer consumer = session.createConsumer(work)) {
            for (TextMessage message = (TextMessage) consumer.receive(2000); message != null; message = (TextMessage) consumer.receive(2000)) {
                left.add(Integer.parseInt(message.getText()));
            }
        }
        return left;
    }
}
