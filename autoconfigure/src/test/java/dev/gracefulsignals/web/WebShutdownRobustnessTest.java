package dev.gracefulsignals.web;

import static dev.gracefulsignals.web.WebShutdownOrderTest.port;
import static dev.gracefulsignals.web.WebShutdownOrderTest.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;

/** Held work, readiness during startup, a signal after the actuator's shutdown, Ctrl+C without the drain delay: real TERM/INT to a Tomcat child. */
class WebShutdownRobustnessTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String order(ChildJvm child) throws InterruptedException {
        return child.awaitLine(line -> line.startsWith("order="), Duration.ofSeconds(30)).substring(6);
    }

    @Test
    void heldWorkDelaysTheHooksUntilItIsReleased() throws Exception {
        try (ChildJvm child = start("servlet", "--held-ms=2000", "--graceful.shutdown.task-grace-period=20s")) {
            child.awaitLine(line -> line.equals("holding"), Duration.ofSeconds(60)); // before "port=": the runner runs before ready
            Kill.process(child.pid(), Signal.TERM);
            assertThat(order(child)).isEqualTo("held-released,hook-start in-flight=0");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
            assertThat(child.output()).contains("waiting up to 20000 ms for held work [import-batch]").contains("held=- exit=143");
        }
    }

    @Test
    void heldWorkThatOutlivesTheGracePeriodIsReportedByName() throws Exception {
        try (ChildJvm child = start("servlet", "--held-ms=60000", "--graceful.shutdown.task-grace-period=1s")) {
            child.awaitLine(line -> line.equals("holding"), Duration.ofSeconds(60)); // before "port=": the runner runs before ready
            Kill.process(child.pid(), Signal.TERM);
            assertThat(order(child)).isEqualTo("hook-start in-flight=0");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
            assertThat(child.output()).contains("work still held after 1000 ms: [import-batch]").contains("held=import-batch exit=143");
        }
    }

    @Test
    void readinessStaysRefusingWhenTheApplicationBecomesReadyDuringTheDrain() throws Exception {
        try (ChildJvm child = start("servlet", "--runner-sleep-ms=3000", "--graceful.shutdown.drain-delay=20s", "--graceful.shutdown.timeout=40s",
                "--management.endpoint.health.probes.enabled=true", "--management.endpoints.web.exposure.include=health")) {
            child.awaitLine("runner started");
            int port = Integer.parseInt(child.output().lines().filter(line -> line.contains("Tomcat started on port"))
                    .findFirst().orElseThrow().replaceAll(".*Tomcat started on port (\\d+).*", "$1"));
            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine("Graceful shutdown: drain-delay");
            child.awaitLine("port="); // ApplicationReadyEvent: Boot publishes ACCEPTING_TRAFFIC right after it
            Thread.sleep(500);
            HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> probe = http.send(readiness, HttpResponse.BodyHandlers.ofString());
                assertThat(probe.statusCode()).as(probe.body()).isEqualTo(503);
                Thread.sleep(100);
            }
        }
    }

    @Test
    void termAfterTheActuatorsShutdownNeitherHaltsNorCutsRequestsInFlight() throws Exception {
        try (ChildJvm child = start("servlet", "--management.endpoints.web.exposure.include=shutdown",
                "--management.endpoint.shutdown.access=unrestricted")) {
            int port = port(child);
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slow?ms=3000")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 20; i++) {
                child.awaitLine("request-start");
            }
            HttpResponse<String> shutdown = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/shutdown"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(shutdown.statusCode()).isEqualTo(200);
            child.awaitLine("Graceful shutdown started by context-close");
            Thread.sleep(1_000); // Kubernetes' TERM, a second after the actuator's shutdown
            Kill.process(child.pid(), Signal.TERM);
            for (CompletableFuture<HttpResponse<String>> response : inFlight) {
                assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).as(child.output()).isEqualTo(200);
            }
            child.awaitExit(Duration.ofSeconds(30));
            assertThat(child.output()).contains("SIGTERM during a shutdown started by context-close: the shutdown goes on unchanged")
                    .doesNotContain("halting now").containsPattern("graceful-shutdown trigger=context-close outcome=completed");
        }
    }

    @Test
    void ctrlCDoesNotWaitTheDrainDelayThatTermWaits() throws Exception {
        try (ChildJvm child = start("servlet", "--graceful.shutdown.drain-delay=60s", "--graceful.shutdown.timeout=90s")) {
            port(child);
            Kill.process(child.pid(), Signal.INT);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(130);
            assertThat(child.output()).containsPattern("trigger=SIGINT outcome=completed duration_ms=\\d+ phases=refuse-traffic:\\d+,stop-intake:");
        }
    }
}
