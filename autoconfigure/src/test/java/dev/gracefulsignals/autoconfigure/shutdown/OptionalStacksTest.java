package dev.gracefulsignals.autoconfigure.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.gracefulsignals.autoconfigure.ChildApp;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stacks stop-intake knows stay optional: an application without Spring Batch, gRPC, RabbitMQ, JMS, Kafka, Spring
 * Cloud Stream or Spring Integration starts, takes TERM and exits 143 without loading one of their classes or one of the
 * starter's classes that link them. Which starter classes link a stack is read from the compiled classes (a class
 * that names one of the stack's types in its constant pool), not kept by hand, so an integration is covered the day
 * it lands. A control run with the stacks' jars on the class path shows that the class-load log does see those
 * classes load when the stack is there.
 */
class OptionalStacksTest {

    /** Each stack: the packages of its types (as the class files name them), then the jar names it comes in. */
    private static final Map<String, Stack> STACKS = new LinkedHashMap<>();

    static {
        STACKS.put("Spring Batch", new Stack(List.of("org/springframework/batch/"), List.of("spring-batch-", "spring-boot-batch")));
        STACKS.put("gRPC", new Stack(List.of("io/grpc/", "org/springframework/grpc/"), List.of("grpc-", "spring-grpc", "spring-boot-grpc")));
        STACKS.put("RabbitMQ", new Stack(List.of("org/springframework/amqp/", "com/rabbitmq/"),
                List.of("spring-rabbit", "spring-amqp", "amqp-client", "spring-boot-amqp")));
        STACKS.put("JMS", new Stack(List.of("org/springframework/jms/", "jakarta/jms/", "org/apache/activemq/"),
                List.of("spring-jms", "jakarta.jms-api", "artemis-", "spring-boot-jms", "spring-boot-artemis")));
        STACKS.put("Kafka", new Stack(List.of("org/springframework/kafka/", "org/apache/kafka/"), List.of("spring-kafka", "kafka-", "kafka_")));
        STACKS.put("Spring Cloud Stream", new Stack(List.of("org/springframework/cloud/stream/"), List.of("spring-cloud-stream")));
        STACKS.put("Spring Integration", new Stack(List.of("org/springframework/integration/"),
                List.of("spring-integration-", "spring-boot-integration")));
    }

    private record Stack(List<String> packages, List<String> jars) {
    }

    @Test
    void anApplicationWithoutTheStacksLoadsNoneOfTheirClassesNorTheStartersIntegrations(@TempDir Path dir) throws Exception {
        Map<String, String> integrations = integrationClasses();
        assertThat(integrations).as("the starter's classes that link a stack (read from %s)", starterClasses()).isNotEmpty();

        List<String> without = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            (isStackJar(entry) ? removed : without).add(entry);
        }
        Set<String> loaded = loadedClasses(String.join(File.pathSeparator, without), dir.resolve("without.log"));

        assertThat(loaded).as("classes loaded by the run without %s", removed).contains(ChildApp.class.getName());
        for (Map.Entry<String, Stack> stack : STACKS.entrySet()) {
            List<String> prefixes = stack.getValue().packages().stream().map(name -> name.replace('/', '.')).toList();
            assertThat(loaded.stream().filter(name -> prefixes.stream().anyMatch(name::startsWith)))
                    .as("%s classes loaded by an application without %s", stack.getKey(), stack.getKey()).isEmpty();
        }
        assertThat(loaded.stream().filter(integrations::containsKey).map(name -> name + " (links " + integrations.get(name) + ")"))
                .as("starter classes that link a stack, loaded by an application without the stacks").isEmpty();

        // The control: with the stacks' jars there, the log sees the integrations that the class path switches on load.
        Set<String> loadedWith = loadedClasses(System.getProperty("java.class.path"), dir.resolve("with.log"));
        assertThat(loadedWith.stream().filter(integrations::containsKey))
                .as("starter integrations loaded with %s on the class path", removed.stream().map(entry -> Path.of(entry).getFileName().toString()).toList())
                .isNotEmpty();
    }

    /** Runs the app on this class path with the class-load log on, TERMs it, and returns every class it loaded. */
    private static Set<String> loadedClasses(String classPath, Path log) throws Exception {
        try (ChildJvm child = ChildJvm.startOnClassPath(classPath, ChildApp.class, List.of("-Xlog:class+load=info:file=" + log))) {
            child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(90));
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(143);
        }
        // [0.010s][info][class,load] java.lang.Object source: shared objects file
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.map(line -> line.substring(line.lastIndexOf(']') + 1).trim()).map(rest -> rest.split(" ", 2)[0])
                    .filter(name -> !name.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static boolean isStackJar(String entry) {
        String name = Path.of(entry).getFileName().toString();
        return name.endsWith(".jar") && STACKS.values().stream().flatMap(stack -> stack.jars().stream()).anyMatch(name::startsWith);
    }

    /** The starter's classes (autoconfigure's, by binary name) whose constant pool names a stack's type, and the stack. */
    private static Map<String, String> integrationClasses() throws IOException {
        Path root = starterClasses();
        Map<String, String> linking = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).sorted().toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (Map.Entry<String, Stack> stack : STACKS.entrySet()) {
                    if (stack.getValue().packages().stream().anyMatch(bytes::contains)) {
                        String relative = root.relativize(file).toString();
                        linking.put(relative.substring(0, relative.length() - ".class".length()).replace(File.separatorChar, '.'), stack.getKey());
                    }
                }
            }
        }
        return linking;
    }

    private static Path starterClasses() {
        try {
            return Path.of(ShutdownPhaseOrder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
