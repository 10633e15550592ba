package dev.gracefulsignals.stacks.web.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Test;

/**
 * Real TERM to a Tomcat app whose actuator runs on a port of its own ({@code management.server.port}, a child context
 * with its own server), a slow request in flight, the probes polled on the management port all along, each on a new
 * connection as the kubelet does. Every sample is labelled with the shutdown phase the child had reported before and
 * still reported after it (samples across a phase change are dropped), so the assertions read per phase.
 */
class ManagementPortShutdownTest {

    /** One poll: the phase it fell in, the readiness and liveness answers on the management port, the main port's. */
    record Sample(String phase, String readiness, String liveness, String main) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void probesAnswerOnTheManagementPortThroughTheDrainDelayAndTheDrainAndItStopsAfterTheMainServer() throws Exception {
        try (ChildJvm child = ChildJvm.start(ManagementChildApp.class, List.of(), "--server.port=0", "--management.server.port=0",
                "--graceful.shutdown.drain-delay=3s", "--graceful.shutdown.timeout=30s", "--hook-ms=1500")) {
            int[] ports = ports(child);
            Poller poller = new Poller(ports[0], ports[1]);
            CompletableFuture<HttpResponse<String>> slow = slowRequest(child, ports[0]);
            poller.start();
            Kill.process(child.pid(), Signal.TERM);
            poller.phase = "term";
            while (true) {
                String line = child.awaitLine(text -> text.contains("Graceful shutdown: ") || text.contains("graceful-shutdown trigger"),
                        Duration.ofSeconds(40));
                if (line.contains("graceful-shutdown trigger")) {
                    break;
                }
                String rest = line.substring(line.indexOf("Graceful shutdown: ") + 19).trim();
                if (rest.matches("[a-z-]+")) { // a phase's line; others ("ended 2 open stream(s)") say what a phase did
                    poller.phase = rest;
                }
            }
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            poller.stop();
            List<Sample> samples = poller.samples;
            assertThat(slow.get(1, TimeUnit.SECONDS).statusCode()).as("the request in flight at TERM").isEqualTo(200);

            // Readiness answers "503 close": Tomcat closes the connection after a 503 on its own. Liveness has no
            // "close": the starter's Connection: close filter is the main server's, not the management server's.
            assertThat(inPhase(samples, "drain-delay")).as("drain delay: %s", samples).isNotEmpty()
                    .allSatisfy(sample -> assertThat(sample).isEqualTo(new Sample("drain-delay", "503 close", "200", "200 close")));
            List<Sample> draining = inPhase(samples, "stop-intake");
            assertThat(draining).as("stop-intake, the main server draining the slow request: %s", samples).hasSizeGreaterThan(2)
                    .allSatisfy(sample -> assertThat(List.of(sample.readiness(), sample.liveness())).containsExactly("503 close", "200"))
                    .allSatisfy(sample -> assertThat(sample.main()).isIn("200 close", "refused")); // the first may come before the socket closed
            assertThat(draining.get(draining.size() - 1).main()).as("the main port refuses once stop-intake began").isEqualTo("refused");
            assertThat(inPhase(samples, "hooks")).as("hooks, the main server stopped: %s", samples).isNotEmpty()
                    .allSatisfy(sample -> assertThat(sample).isEqualTo(new Sample("hooks", "503 close", "200", "refused")));
            assertThat(child.output()).containsPattern("refuse-traffic:\\d+,drain-delay:\\d+,stop-intake:\\d+,cancel-tasks:\\d+,hooks:\\d+,close-context:\\d+");
        }
    }

    private static int[] ports(ChildJvm child) throws InterruptedException {
        String line = child.awaitLine(text -> text.startsWith("port="), Duration.ofSeconds(60));
        String[] parts = line.split(" ");
        return new int[] {Integer.parseInt(parts[0].substring(5)), Integer.parseInt(parts[1].substring("management-port=".length()))};
    }

    /** A request of 5 s, started before TERM: with a 3 s drain delay it is still in flight at stop-intake. */
    private CompletableFuture<HttpResponse<String>> slowRequest(ChildJvm child, int port) throws InterruptedException {
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slow?ms=5000")).build(), HttpResponse.BodyHandlers.ofString());
        child.awaitLine("request-start");
        return slow;
    }

    private static List<Sample> inPhase(List<Sample> samples, String phase) {
        return samples.stream().filter(sample -> sample.phase().equals(phase)).toList();
    }

    /** Polls every 100 ms on its own thread, each request on a new connection. */
    private static final class Poller implements Runnable {

        private final int main;
        private final int management;
        final List<Sample> samples = new CopyOnWriteArrayList<>();
        volatile String phase = "running";
        private volatile boolean stopped;
        private final Thread thread = new Thread(this, "probe-poller");

        Poller(int main, int management) {
            this.main = main;
            this.management = management;
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(5000);
        }

        @Override
        public void run() {
            while (!stopped) {
                String before = phase;
                Sample sample = new Sample(before, get(management, "/actuator/health/readiness"), get(management, "/actuator/health/liveness"),
                        get(main, "/hello"));
                if (before.equals(phase)) {
                    samples.add(sample);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** "status", "status close" when the response asks to close the connection, "refused", or the failure's name. */
    static String get(int port, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String status = in.readLine();
            if (status == null) {
                return "closed";
            }
            boolean close = false;
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                close |= header.toLowerCase(Locale.ROOT).replace(" ", "").equals("connection:close");
            }
            return status.split(" ")[1] + (close ? " close" : "");
        } catch (ConnectException refused) {
            return "refused";
        } catch (IOException failed) {
            return failed.getClass().getSimpleName();
        }
    }
}
