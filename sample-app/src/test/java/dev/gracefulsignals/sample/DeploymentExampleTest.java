package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/**
 * The sample Deployment that docs/kubernetes.md quotes keeps the rules that page gives: the deadline
 * inside the grace period with a margin, the drain delay inside the deadline, and probes that do not
 * take a pod out on one slow answer.
 */
class DeploymentExampleTest {

    @Test
    void theDeploymentKeepsTheSizingRulesOfTheKubernetesPage() throws IOException {
        Map<String, Object> pod = pod();
        Map<String, Object> container = map(((List<?>) pod.get("containers")).get(0));
        List<?> args = (List<?>) container.get("args");
        Duration timeout = argument(args, "graceful.shutdown.timeout");
        Duration drainDelay = argument(args, "graceful.shutdown.drain-delay");
        Duration gracePeriod = Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue());

        assertThat(timeout.plusSeconds(2)).as("the deadline, with 2 s for the report line and the exit").isLessThanOrEqualTo(gracePeriod);
        assertThat(drainDelay).isPositive().isLessThan(timeout);
        assertThat(container).containsKeys("startupProbe", "readinessProbe", "livenessProbe");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            Map<String, Object> settings = map(container.get(probe));
            assertThat(((Number) settings.get("timeoutSeconds")).intValue()).as(probe + ".timeoutSeconds").isGreaterThan(1);
            assertThat(((Number) settings.get("failureThreshold")).intValue()).as(probe + ".failureThreshold").isGreaterThan(1);
        }
        assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path")).isEqualTo("/actuator/health/liveness");
        assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path")).isEqualTo("/actuator/health/readiness");
        assertThat(container).doesNotContainKey("lifecycle"); // no preStop sleep: the drain delay replaces it
    }

    private static Map<String, Object> pod() throws IOException {
        try (Reader yaml = Files.newBufferedReader(Snippets.projectRoot().resolve("sample-app/src/main/k8s/deployment.yaml"))) {
            Map<String, Object> deployment = new Yaml().load(yaml);
            return map(map(map(deployment.get("spec")).get("template")).get("spec"));
        }
    }

    private static Duration argument(List<?> args, String property) {
        String prefix = "--" + property + "=";
        return args.stream().map(Object::toString).filter(arg -> arg.startsWith(prefix)).findFirst()
                .map(arg -> DurationStyle.detectAndParse(arg.substring(prefix.length())))
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + args));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
