package dev.gracefulsignals.observed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One child JVM running a web app with actuator and Prometheus, over real HTTP: a real HUP shows in the
 * scrape and in the {@code signals} endpoint with its sender, then a real TERM is watched from outside
 * while the sequence waits in its hooks phase (what a scrape sees during a shutdown, as docs/metrics.md
 * says), and the process ends with 143 and the report line. HUP and TERM go to the child only.
 */
class PrometheusScrapeTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRealHupIsScrapedAndShownByTheEndpointAndAShutdownIsVisibleUntilTheContextCloses() throws Exception {
        try (ChildJvm child = ChildJvm.start(ObservedApp.class, List.of(), "--server.port=0",
                "--management.endpoints.web.exposure.include=health,prometheus,signals",
                "--management.endpoint.health.show-details=always")) {
            String port = child.awaitLine(line -> line.startsWith("port "), Duration.ofSeconds(90)).substring(5);
            String base = "http://localhost:" + port + "/actuator/";

            Kill.process(child.pid(), Signal.HUP);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> get(base + "prometheus").contains("signals_received_total{signal=\"HUP\"} 1.0"));
            assertThat(get(base + "prometheus")).contains("signals_dispatch_latency_seconds_count{signal=\"HUP\"} 1")
                    .contains("shutdown_state 0.0").contains("shutdown_tasks_cancelled_total 0.0");
            assertThat(child.output().lines().filter(line -> line.contains("Received SIGHUP"))).as("logged once").singleElement()
                    .asString().contains("from pid " + ProcessHandle.current().pid());

            JsonNode signals = JsonMapper.builder().build().readTree(get(base + "signals"));
            assertThat(signals.get("backend").asString()).isEqualTo("native");
            JsonNode hup = signals.get("signals").get("HUP");
            assertThat(hup.get("action").asString()).isEqualTo("reload");
            assertThat(hup.get("handlerInstalled").asBoolean()).isTrue();
            assertThat(hup.get("total").asLong()).isEqualTo(1);
            assertThat(hup.get("lastOrigin").get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(hup.get("lastOrigin").get("command").asString()).isEqualTo(Files.readString(Path.of("/proc/self/comm")).strip());
            assertThat(hup.get("lastReceivedAt").isNull()).isFalse();
            assertThat(signals.get("signals").get("TERM").get("total").asLong()).isZero();
            assertThat(signals.get("shutdown").get("state").asString()).isEqualTo("running");

            JsonNode health = JsonMapper.builder().build().readTree(get(base + "health"));
            assertThat(health.get("components").get("signals").get("status").asString()).isEqualTo("UP");

            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine("hook waiting");
            // The web server stopped at stop-intake, before the hooks: what a scrape would show, from inside.
            String during = child.output().lines().filter(line -> line.startsWith("during ")).collect(Collectors.joining("\n"));
            assertThat(during).contains("shutdown_state 1.0")
                    .contains("shutdown_phase_duration_seconds_count{phase=\"refuse-traffic\"} 1")
                    .contains("shutdown_phase_duration_seconds_count{phase=\"stop-intake\"} 1")
                    .contains("shutdown_phase_duration_seconds_count{phase=\"cancel-tasks\"} 1")
                    .doesNotContain("phase=\"hooks\"")
                    .contains("during endpoint ShutdownDescriptor[state=shutting_down, phase=hooks]");
            assertThat(get(base + "health", true)).as("no request is taken after stop-intake").isNull();

            child.send("release");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(child.output()).containsPattern(
                    "graceful-shutdown trigger=SIGTERM outcome=completed duration_ms=\\d+ phases=refuse-traffic:\\d+,stop-intake:\\d+,cancel-tasks:\\d+,"
                            + "hooks:\\d+,close-context:\\d+ hooks=waiting:success:\\d+ tasks_cancelled=0 held=- exit=143");
        }
    }

    private String get(String url) throws Exception {
        return get(url, false);
    }

    /** The body of a 200 answer; with {@code refusedIsNull}, null when the connection is refused. */
    private String get(String url, boolean refusedIsNull) throws Exception {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException refused) {
            if (refusedIsNull) {
                return null;
            }
            throw refused;
        }
        assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(200);
        return response.body();
    }
}
