package dev.gracefulsignals.autoconfigure.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.gracefulsignals.autoconfigure.ChildApp;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A child JVM logs with Spring Boot's structured console format, takes a real USR1 and a real TERM: the received-signal
 * lines and the shutdown report carry their values as JSON fields, not only inside the message. ECS nests dotted
 * keys, Logstash keeps them flat, GELF prefixes additional fields with an underscore.
 */
class StructuredLoggingTest {

    @ParameterizedTest
    @ValueSource(strings = { "ecs", "logstash", "gelf" })
    void theSignalLineAndTheReportCarryFields(String format) throws Exception {
        long me = ProcessHandle.current().pid();
        String usr1;
        String report;
        try (ChildJvm child = ChildJvm.start(ChildApp.class, List.of(), "--graceful.signals.usr1=event",
                "--logging.structured.format.console=" + format)) {
            child.awaitLine(line -> line.equals("ready"), Duration.ofSeconds(60));
            Kill.process(child.pid(), Signal.USR1);
            usr1 = child.awaitLine("Received SIGUSR1");
            Kill.process(child.pid(), Signal.TERM);
            report = child.awaitLine("graceful-shutdown trigger=SIGTERM");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
        }
        assertThat(usr1).as("a JSON line").startsWith("{");
        assertThat(field(usr1, format, "graceful.signal")).isEqualTo("USR1");
        assertThat(field(usr1, format, "graceful.count")).isEqualTo(1);
        assertThat(field(usr1, format, "graceful.action")).isEqualTo("event");
        assertThat(field(usr1, format, "graceful.sender.kind")).isEqualTo("process");
        assertThat(field(usr1, format, "graceful.sender.pid")).isEqualTo((int) me);
        assertThat(field(usr1, format, "graceful.sender.command")).isEqualTo("java");

        assertThat(field(report, format, "graceful.trigger")).isEqualTo("SIGTERM");
        assertThat(field(report, format, "graceful.outcome")).isEqualTo("completed");
        assertThat(field(report, format, "graceful.exit")).isEqualTo(143);
        assertThat(field(report, format, "graceful.tasks_cancelled")).isEqualTo(0);
        assertThat(field(report, format, "graceful.held")).asList().isEmpty();
        Object phases = field(report, format, "graceful.phases");
        assertThat(phases).isInstanceOf(Map.class);
        assertThat((List<Object>) List.<Object>copyOf(((Map<?, ?>) phases).keySet())).containsExactly("refuse-traffic", "stop-intake", "cancel-tasks", "hooks",
                "close-context");
        Object hooks = field(report, format, "graceful.hooks");
        assertThat((List<Object>) List.<Object>copyOf(((Map<?, ?>) hooks).keySet())).containsExactly("first", "second", "third");
        assertThat(JsonPath.<Object>read(hooks, "$.second.outcome")).isEqualTo("success");
    }

    /** The field as each format writes it: ECS nests at the dots, Logstash keeps the key, GELF adds an underscore. */
    private static Object field(String json, String format, String key) {
        String path = switch (format) {
            case "ecs" -> "$." + key;
            case "logstash" -> "$['" + key + "']";
            case "gelf" -> "$['_" + key + "']";
            default -> throw new IllegalArgumentException(format);
        };
        return JsonPath.read(json, path);
    }
}
