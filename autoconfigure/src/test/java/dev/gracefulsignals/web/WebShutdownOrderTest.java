package dev.gracefulsignals.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real TERM to a child JVM serving HTTP, on Tomcat and on Reactor Netty: the requests in flight when
 * TERM arrives complete with 200 before the first hook starts, by the order the app itself recorded.
 */
class WebShutdownOrderTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static ChildJvm start(String stack, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.web-application-type=" + stack));
        all.addAll(Arrays.asList(args));
        return ChildJvm.start(WebChildApp.class, List.of(), all.toArray(String[]::new));
    }

    static int port(ChildJvm child) throws InterruptedException {
        return Integer.parseInt(child.awaitLine(line -> line.startsWith("port="), Duration.ofSeconds(60)).substring(5));
    }

    private static String slowPath(String stack) {
        return stack.equals("servlet") ? "/slow" : "/slow-reactive";
    }

    @ParameterizedTest
    @CsvSource({"servlet", "reactive"})
    void requestsInFlightAtTermCompleteWith200BeforeTheFirstHookStarts(String stack) throws Exception {
        try (ChildJvm child = start(stack)) {
            int port = port(child);
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + slowPath(stack) + "?ms=2000")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 5; i++) {
                child.awaitLine("request-start");
            }
            Kill.process(child.pid(), Signal.TERM);
            for (CompletableFuture<HttpResponse<String>> response : inFlight) {
                assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).as(child.output()).isEqualTo(200);
            }
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            String order = child.awaitLine(line -> line.startsWith("order="), Duration.ofSeconds(1)).substring(6);
            assertThat(order.split(",")).as("the app's own order").containsExactly("request-start", "request-start", "request-start",
                    "request-start", "request-start", "request-end", "request-end", "request-end", "request-end", "request-end",
                    "hook-start in-flight=0");
            assertThat(child.output()).containsPattern("phases=refuse-traffic:\\d+,stop-intake:\\d+,cancel-tasks:\\d+,hooks:\\d+,close-context:\\d+");
        }
    }

    @ParameterizedTest
    @CsvSource({"servlet", "reactive"})
    void whileRefusingTrafficDuringTheDrainDelayResponsesCloseTheConnection(String stack) throws Exception {
        try (ChildJvm child = start(stack, "--graceful.shutdown.drain-delay=20s", "--graceful.shutdown.timeout=40s")) {
            int port = port(child);
            HttpRequest hello = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/hello")).build();
            HttpResponse<String> before = http.send(hello, HttpResponse.BodyHandlers.ofString());
            assertThat(before.headers().firstValue("connection")).as("kept alive while accepting").isNotEqualTo(java.util.Optional.of("close"));
            Kill.process(child.pid(), Signal.TERM);
            child.awaitLine("Graceful shutdown: drain-delay");
            HttpResponse<String> during = http.send(hello, HttpResponse.BodyHandlers.ofString());
            assertThat(during.statusCode()).isEqualTo(200);
            assertThat(during.headers().firstValue("connection")).as(during.headers().toString()).contains("close");
        }
    }
}
