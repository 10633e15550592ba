package dev.gracefulsignals.stacks.web.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Real TERM to a child JVM serving h2c ({@code server.http2.enabled=true}, no TLS) on Tomcat and on Reactor Netty, with
 * real HTTP/2 clients: nghttp2's {@code nghttp} (Debian package nghttp2-client), which prints every frame it receives,
 * and Reactor Netty's client, which keeps one connection per host and leaves it once told to go away. Netty's and
 * nghttp2's clients are strict: a response carrying a {@code connection} header is malformed to them (RFC 9113,
 * section 8.2.2) and its stream is reset, so every 200 here is also a response without one.
 */
class Http2ShutdownTest {

    private static final String NGHTTP = "/usr/bin/nghttp";

    @TempDir
    Path temp;

    private static String path(String stack) {
        return stack.equals("servlet") ? "/who" : "/who-reactive";
    }

    @ParameterizedTest
    @CsvSource({"servlet", "reactive"})
    void anHttp2ConnectionOpenAtTermIsToldToGoAwayDuringTheDrainDelayAndEveryStreamIsServed(String stack) throws Exception {
        Assumptions.assumeTrue(new File(NGHTTP).canExecute(), "nghttp missing: apt-get install nghttp2-client");
        try (ChildJvm child = ChildJvm.start(Http2ChildApp.class, List.of(), "--server.port=0", "--spring.main.web-application-type=" + stack,
                "--server.http2.enabled=true", "--graceful.shutdown.drain-delay=8s", "--graceful.shutdown.timeout=30s")) {
            int port = Integer.parseInt(child.awaitLine(line -> line.startsWith("port="), Duration.ofSeconds(60)).substring(5));
            String base = "http://localhost:" + port + path(stack);
            // Room for more than one connection: one told to go away stays open until the server closes it.
            ConnectionProvider pool = ConnectionProvider.create("h2c", 10);
            HttpClient client = HttpClient.create(pool).protocol(HttpProtocol.H2C).responseTimeout(Duration.ofSeconds(20));
            try {
                String beforeTerm = get(client, base);
                assertThat(beforeTerm).as("prior knowledge h2c").startsWith("200 HTTP/2.0 ");

                // A stream open at TERM, on a connection of its own: it ends 4 s into the 8 s drain delay.
                Path frames = temp.resolve("nghttp.txt");
                Process nghttp = new ProcessBuilder(NGHTTP, "-v", base + "?ms=4000").redirectErrorStream(true).redirectOutput(frames.toFile()).start();
                child.awaitLine("request-start"); // the one before TERM
                child.awaitLine("request-start"); // nghttp's
                Kill.process(child.pid(), Signal.TERM);
                child.awaitLine("Graceful shutdown: drain-delay");

                List<String> during = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    try {
                        during.add(get(client, base));
                    } catch (RuntimeException failed) {
                        throw new AssertionError("request " + i + " of the drain delay failed; the child:\n" + child.output(), failed);
                    }
                    Thread.sleep(300);
                }
                assertThat(during).as(child.output()).allSatisfy(answer -> assertThat(answer).startsWith("200 HTTP/2.0 ").doesNotContain("connection="));
                assertThat(during.get(during.size() - 1)).as("the client left the connection it had at TERM: %s", during)
                        .isNotEqualTo(beforeTerm);
                assertThat(during.stream().distinct().count()).as("each connection told to go away after its request: %s", during)
                        .isGreaterThan(1);

                assertThat(nghttp.waitFor(30, TimeUnit.SECONDS)).isTrue();
                String seen = Files.readString(frames, StandardCharsets.UTF_8);
                assertThat(nghttp.exitValue()).as(seen).isZero();
                int goAway = seen.indexOf("recv GOAWAY frame");
                Matcher ok = Pattern.compile("recv \\(stream_id=\\d+\\) :status: 200").matcher(seen);
                int status = ok.find() ? ok.start() : -1;
                assertThat(goAway).as("a GOAWAY during the drain delay, before the stream open at TERM ended:%n%s", seen).isNotNegative();
                assertThat(status).as(seen).isGreaterThan(goAway);
                assertThat(seen.substring(goAway)).as("graceful: every stream the client opened is still served")
                        .contains("last_stream_id=2147483647", "error_code=NO_ERROR");
                assertThat(seen).as("no connection header over HTTP/2").doesNotContainPattern("recv \\(stream_id=\\d+\\) connection:");
            } finally {
                pool.dispose();
            }
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.output()).isEqualTo(143);
            assertThat(child.output()).containsPattern("refuse-traffic:\\d+,drain-delay:\\d+,stop-intake:\\d+");
        }
    }

    /** One GET: "status protocol client-port", plus " connection=..." had the response such a header. */
    private static String get(HttpClient client, String url) throws IOException {
        String answer = client.get().uri(url)
                .responseSingle((response, body) -> body.asString().map(text -> response.status().code() + " " + text
                        + (response.responseHeaders().contains("connection") ? " connection=" + response.responseHeaders().get("connection") : "")))
                .block(Duration.ofSeconds(20));
        if (answer == null) {
            throw new IOException("no answer from " + url);
        }
        return answer;
    }
}
