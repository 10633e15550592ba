package dev.gracefulsignals.stacks.messaging.rabbit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's rabbitmq-server, started once per test JVM for every Rabbit test ({@code @ExtendWith(RabbitBroker.class)})
 * and stopped when the JVM's tests end. Its own broker, never the machine's: localhost only, free ports (AMQP,
 * distribution and its own epmd, so nothing it starts outlives it or meets another node), its own data, logs, node
 * name and HOME (the Erlang cookie) in a temporary folder, no configuration files and no plugins. Start-up takes
 * about 8 s here, most of it Erlang booting the broker.
 */
public final class RabbitBroker implements BeforeAllCallback {

    /** The broker's start script as Debian installs it; {@code /usr/sbin/rabbitmq-server} would switch to the rabbitmq user. */
    static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    static final Path EPMD = Path.of("/usr/bin/epmd");

    private static volatile Running running;

    /** The AMQP port of the running broker. */
    public static int port() {
        return running.amqpPort;
    }

    /** A connection factory for this JVM's own producers and consumers. */
    public static ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port());
        return factory;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue(Files.isExecutable(SERVER) && Files.isExecutable(EPMD),
                "RabbitMQ is not installed: apt-get install rabbitmq-server (Debian's package, with its Erlang)");
        running = context.getRoot().getStore(ExtensionContext.Namespace.create(RabbitBroker.class))
                .computeIfAbsent(Running.class, type -> Running.start(), Running.class);
    }

    /** The broker and its epmd, closed by JUnit with the root store: after the last test of this JVM. */
    static final class Running implements AutoCloseable {

        final int amqpPort;
        private final Path base;
        private final Process epmd;
        private final Process broker;

        private Running(int amqpPort, Path base, Process epmd, Process broker) {
            this.amqpPort = amqpPort;
            this.base = base;
            this.epmd = epmd;
            this.broker = broker;
        }

        static Running start() {
            try {
                Path base = Files.createTempDirectory("rabbitmq-test");
                Files.writeString(base.resolve("enabled_plugins"), "[].\n");
                Files.writeString(base.resolve("rabbitmq-env.conf"), "");
                int epmdPort = freePort();
                int amqpPort = freePort();
                int distPort = freePort();
                ProcessBuilder epmdBuilder = new ProcessBuilder(EPMD.toString(), "-port", Integer.toString(epmdPort))
                        .redirectErrorStream(true).redirectOutput(base.resolve("epmd.log").toFile());
                epmdBuilder.environment().put("ERL_EPMD_ADDRESS", "127.0.0.1");
                Process epmd = epmdBuilder.start();
                ProcessBuilder builder = new ProcessBuilder(SERVER.toString()).redirectErrorStream(true)
                        .redirectOutput(base.resolve("broker.log").toFile());
                Map<String, String> environment = builder.environment();
                environment.put("HOME", base.toString());
                environment.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
                environment.put("ERL_EPMD_ADDRESS", "127.0.0.1");
                environment.put("RABBITMQ_CONF_ENV_FILE", base.resolve("rabbitmq-env.conf").toString());
                environment.put("RABBITMQ_CONFIG_FILE", base.resolve("rabbitmq").toString());
                environment.put("RABBITMQ_ENABLED_PLUGINS_FILE", base.resolve("enabled_plugins").toString());
                environment.put("RABBITMQ_MNESIA_BASE", base.resolve("mnesia").toString());
                environment.put("RABBITMQ_LOG_BASE", base.resolve("log").toString());
                environment.put("RABBITMQ_NODENAME", "graceful-" + amqpPort + "@localhost");
                environment.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
                environment.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
                environment.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
                environment.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
                long started = System.nanoTime();
                Process broker = builder.start();
                Running running = new Running(amqpPort, base, epmd, broker);
                running.awaitAmqp(Duration.ofSeconds(90));
                System.out.printf("rabbitmq-server accepted AMQP on 127.0.0.1:%d after %d ms%n", amqpPort,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                return running;
            } catch (IOException | InterruptedException failed) {
                throw new IllegalStateException("rabbitmq-server did not start", failed);
            }
        }

        /** Until a real AMQP connection opens: the port alone listens before the broker's boot steps have finished. */
        private void awaitAmqp(Duration timeout) throws InterruptedException, IOException {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost("127.0.0.1");
            factory.setPort(amqpPort);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try (Connection connection = factory.newConnection("graceful-probe")) {
                    return;
                } catch (Exception notYet) {
                    if (!broker.isAlive() || System.nanoTime() > deadline) {
                        close();
                        throw new IllegalStateException("rabbitmq-server " + (broker.isAlive() ? "accepted no AMQP within " + timeout
                                : "exited with " + broker.exitValue()) + "; its output:\n" + Files.readString(base.resolve("broker.log")));
                    }
                    Thread.sleep(200);
                }
            }
        }

        /** TERM stops the node in about 2 s; what is left after 30 s (and what Erlang started beside it) is killed. */
        @Override
        public void close() {
            try {
                List<ProcessHandle> children = broker.descendants().toList();
                broker.destroy();
                if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                    broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                for (ProcessHandle child : children) {
                    child.destroyForcibly();
                }
                epmd.destroy();
                epmd.waitFor(10, TimeUnit.SECONDS);
                try (Stream<Path> files = Files.walk(base)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // a temporary folder left behind
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
