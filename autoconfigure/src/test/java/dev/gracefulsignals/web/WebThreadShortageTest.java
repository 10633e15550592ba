package dev.gracefulsignals.web;

import static dev.gracefulsignals.web.WebShutdownOrderTest.port;
import static dev.gracefulsignals.web.WebShutdownOrderTest.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A Tomcat child JVM that can make no new thread (a pids cgroup limited to the threads it has) gets TERM with a
 * request in flight: Boot's drain cannot start its {@code tomcat-shutdown} thread, so stop-intake stops accepting
 * and waits for the request on its own thread. The request is answered 200 before the first hook, whose new
 * request to the app's own port is refused. The client is this JVM's, outside the child's cgroup. Needs a
 * writable cgroup v1 pids hierarchy; skipped with a message elsewhere.
 */
class WebThreadShortageTest {

    private static final Path PIDS = Path.of("/sys/fs/cgroup/pids");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void atThePidsLimitTomcatStillAnswersTheRequestInFlightAndStopsAcceptingBeforeTheHooks() throws Exception {
        Path cgroup = PIDS.resolve("graceful-signals-web-test-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(cgroup);
        } catch (IOException | UnsupportedOperationException notHere) {
            Assumptions.abort("no writable cgroup v1 pids hierarchy at " + PIDS + " (" + notHere + "): the thread-shortage test is skipped");
        }
        ChildJvm child = null;
        try {
            child = start("servlet", "--probe-in-hook=true");
            int port = port(child);
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slow?ms=3000")).build(), HttpResponse.BodyHandlers.ofString());
            child.awaitLine("request-start");
            Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(child.pid()));
            // Below what it has: no new thread at all, not even in place of one that ends meanwhile (compiler threads come and go).
            Files.writeString(cgroup.resolve("pids.max"), "1");
            Kill.process(child.pid(), Signal.TERM);
            HttpResponse<String> answered = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).as(child.output()).isEqualTo(200);
            String order = child.awaitLine(line -> line.startsWith("order="), Duration.ofSeconds(30)).substring(6);
            assertThat(order).as("the app's own order").isEqualTo("request-start,request-end,hook-start in-flight=0,new-request=refused");
            assertThat(child.output()).contains("Tomcat's graceful shutdown could not start its thread");
            assertThat(Long.parseLong(Files.readString(cgroup.resolve("pids.events")).replaceAll("\\D+", " ").trim().split(" ")[0]))
                    .as("thread creation really failed in the child").isPositive();
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(child.output()).containsPattern("graceful-shutdown trigger=SIGTERM outcome=completed .* exit=143 via=exit");
        } finally {
            if (child != null) { // out of the cgroup first: a live member keeps its directory busy and hides the failure
                child.close();
                child.process().waitFor(30, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(cgroup);
        }
    }
}
