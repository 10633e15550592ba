package dev.gracefulsignals.web;

import static dev.gracefulsignals.web.WebShutdownOrderTest.port;
import static dev.gracefulsignals.web.WebShutdownOrderTest.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real TERM to a child JVM on Tomcat and on Reactor Netty, with either {@code server.shutdown} setting: by the
 * time the first hook runs, the server accepts nothing (a new request from the hook to the app's own port
 * is refused, by the order the app recorded). With {@code graceful} the request in flight at TERM is
 * answered first; with {@code immediate} it is cut, as that setting asks.
 */
class WebIntakeStopsBeforeHooksTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ParameterizedTest
    @CsvSource({"servlet, immediate, /slow", "reactive, immediate, /slow-reactive", "servlet, graceful, /slow", "reactive, graceful, /slow-reactive"})
    void theFirstHookFindsTheServerNoLongerAccepting(String stack, String shutdown, String slowPath) throws Exception {
        try (ChildJvm child = start(stack, "--server.shutdown=" + shutdown, "--probe-in-hook=true")) {
            int port = port(child);
            assertThat(WebChildApp.newRequest(port, 20_000)).as("accepting before TERM").isEqualTo("200");
            long ms = shutdown.equals("graceful") ? 2000 : 20000;
            CompletableFuture<String> inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + slowPath + "?ms=" + ms))
                    .build(), HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> failure == null ? "status " + response.statusCode() : "failed");
            child.awaitLine("request-start");
            Kill.process(child.pid(), Signal.TERM);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            String order = child.awaitLine(line -> line.startsWith("order="), Duration.ofSeconds(1)).substring(6);
            assertThat(order).as("the app's own order").endsWith("new-request=refused");
            if (shutdown.equals("graceful")) {
                assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("status 200");
                assertThat(order).isEqualTo("request-start,request-end,hook-start in-flight=0,new-request=refused");
            } else {
                assertThat(inFlight.get(10, TimeUnit.SECONDS)).as("cut, not answered after the " + ms + " ms it asked for").isNotEqualTo("status 200");
            }
        }
    }
}
