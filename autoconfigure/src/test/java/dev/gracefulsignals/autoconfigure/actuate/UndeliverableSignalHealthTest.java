package dev.gracefulsignals.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A TERM that can really never arrive turns {@code /actuator/health} DOWN (HTTP 503), over real HTTP, while the
 * liveness and readiness probes stay UP. The child starts with TERM, INT and HUP blocked in its inherited mask and
 * {@code -Xrs} (so HotSpot unblocks none of them), and a seccomp filter makes the dispatcher's unblocking fail
 * ({@link UndeliverableSignalApp}): no thread of the process can receive them, which the test checks by sending
 * TERM and seeing the process live on.
 */
@EnabledOnOs(OS.LINUX)
class UndeliverableSignalHealthTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aTermNoThreadCanReceiveFailsTheAggregateButNotTheProbes() throws Exception {
        try (ChildJvm child = ChildJvm.startBlocking(List.of("TERM", "INT", "HUP"), UndeliverableSignalApp.class, List.of("-Xrs"),
                "--server.port=0", "--management.endpoint.health.show-details=always",
                "--management.endpoint.health.probes.enabled=true",
                "--management.endpoint.health.group.alerts.include=signals")) {
            String port = child.awaitLine(line -> line.startsWith("health-port="), Duration.ofSeconds(90)).substring("health-port=".length()).strip();
            assertThat(child.output()).contains("seccomp filter installed").contains("may never be delivered");

            HttpResponse<String> health = get(port, "/actuator/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            assertThat((String) JsonPath.read(health.body(), "$.status")).isEqualTo("DOWN");
            assertThat((String) JsonPath.read(health.body(), "$.components.signals.status")).isEqualTo("DOWN");
            assertThat((String) JsonPath.read(health.body(), "$.components.signals.details.undeliverable.TERM"))
                    .startsWith("could not unblock it on the dispatcher thread: pthread_sigmask failed");
            HttpResponse<String> alerts = get(port, "/actuator/health/alerts");
            assertThat(alerts.statusCode()).as(alerts.body()).isEqualTo(503);
            // Restarting cannot unblock what the launcher blocks, and every replica shares it: the probes stay UP.
            assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);

            // Really undeliverable: the TERM stays pending, no shutdown starts, and the process keeps serving.
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.process().waitFor(3, TimeUnit.SECONDS)).as(child.output()).isFalse();
            assertThat(child.output()).doesNotContain("Stopping");
            assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(503);
        }
    }

    private HttpResponse<String> get(String port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
