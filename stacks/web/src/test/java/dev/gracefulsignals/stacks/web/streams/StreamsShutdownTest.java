package dev.gracefulsignals.stacks.web.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real TERM to a child JVM holding 20 open Server-Sent Events streams, 20 WebSocket sessions and 20 slow ordinary
 * requests: Spring MVC on Tomcat and WebFlux on Reactor Netty. With the starter's stream handling, every ordinary
 * request ends with 200, every stream reads its last event and then the end of the stream (not a reset), every
 * session its last message and then the close 1001 "going away", and the process exits soon after
 * the drain delay; side by side, the same app with {@code graceful.shutdown.streams.enabled=false} is held by its
 * streams until the deadline, which cuts them.
 */
class StreamsShutdownTest {

    private static final int STREAMS = 20;
    private static final int SESSIONS = 20;
    private static final int REQUESTS = 20;
    /** Generous: what the streams would hold the shutdown to without the handling. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Duration DRAIN_DELAY = Duration.ofSeconds(2);
    /** The slow requests are still in flight when stop-intake begins, after the drain delay. */
    private static final long SLOW_MS = 4000;

    private final ExecutorService readers = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(readers).build();

    @AfterEach
    void stopReaders() {
        readers.shutdownNow();
    }

    /** What one WebSocket client received: every text message, and how the session ended (its close code, or the failure). */
    record Session(List<String> messages, String end) {
    }

    /** A JDK WebSocket client that records what it receives and its close code. */
    static final class Recording implements WebSocket.Listener {

        final List<String> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Session> ended = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            messages.add(data.toString());
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            ended.complete(new Session(messages, "close " + statusCode));
            return null; // the client answers the close at once
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            ended.complete(new Session(messages, "failed: " + error));
        }
    }

    /** What one SSE client read: every line, and how the stream ended. */
    record Read(List<String> lines, String end) {

        boolean endedCleanly() {
            return end.equals("end of stream");
        }
    }

    private static ChildJvm start(String stack, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.web-application-type=" + stack,
                "--graceful.shutdown.drain-delay=" + DRAIN_DELAY.toSeconds() + "s", "--graceful.shutdown.timeout=" + DEADLINE.toSeconds() + "s",
                "--logging.level.dev.gracefulsignals=INFO"));
        all.addAll(Arrays.asList(args));
        if (stack.equals("servlet")) {
            return ChildJvm.start(StreamsChildApp.class, List.of(), all.toArray(String[]::new));
        }
        // Reactor Netty: with Tomcat on the class path Boot would serve WebFlux on Tomcat.
        String withoutTomcat = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !new File(entry).getName().contains("tomcat")).collect(Collectors.joining(File.pathSeparator));
        return ChildJvm.startOnClassPath(withoutTomcat, StreamsChildApp.class, List.of(), all.toArray(String[]::new));
    }

    private static String prefix(String stack) {
        return stack.equals("servlet") ? "/mvc" : "/flux";
    }

    /** Opens the streams and the slow requests, waits until the child saw them all, sends TERM; returns TERM to exit. */
    private Duration termWithStreamsOpen(ChildJvm child, String stack, List<CompletableFuture<Read>> streams, List<Recording> sessions,
                                         List<CompletableFuture<HttpResponse<String>>> requests) throws Exception {
        return termWithStreamsOpen(child, stack, STREAMS, streams, sessions, requests);
    }

    private Duration termWithStreamsOpen(ChildJvm child, String stack, int streamCount, List<CompletableFuture<Read>> streams, List<Recording> sessions,
                                         List<CompletableFuture<HttpResponse<String>>> requests) throws Exception {
        int port = Integer.parseInt(child.awaitLine(line -> line.startsWith("port="), Duration.ofSeconds(60)).substring(5));
        String base = "http://localhost:" + port + prefix(stack);
        for (int i = 0; i < streamCount; i++) {
            streams.add(openStream(URI.create(base + "/sse")));
        }
        for (int i = 0; i < streamCount; i++) {
            child.awaitLine("stream-open");
        }
        for (int i = 0; i < SESSIONS; i++) {
            Recording session = new Recording();
            http.newWebSocketBuilder().buildAsync(URI.create(base.replace("http:", "ws:") + "/ws"), session).get(30, TimeUnit.SECONDS);
            sessions.add(session);
        }
        for (int i = 0; i < SESSIONS; i++) {
            child.awaitLine("ws-open");
        }
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/slow?ms=" + SLOW_MS)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < REQUESTS; i++) {
            child.awaitLine("request-start");
        }
        long term = System.nanoTime();
        Kill.process(child.pid(), Signal.TERM);
        child.awaitExit(DEADLINE.plusSeconds(20));
        return Duration.ofNanos(System.nanoTime() - term);
    }

    /** An SSE client: reads lines until the end of the stream, or the failure that ends it. */
    private CompletableFuture<Read> openStream(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenApplyAsync(response -> {
            List<String> lines = new ArrayList<>();
            try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
                return new Read(lines, "end of stream");
            } catch (UncheckedIOException cut) {
                return new Read(lines, "failed: " + cut.getCause());
            }
        }, readers);
    }

    @ParameterizedTest
    @CsvSource({"servlet", "reactive"})
    void openStreamsEndCleanlyWithTheirLastEventAndTheDrainEndsWithTheRequestsInFlight(String stack) throws Exception {
        List<CompletableFuture<Read>> streams = new ArrayList<>();
        List<Recording> sessions = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        try (ChildJvm child = start(stack, "--last-event=true")) {
            Duration termToExit = termWithStreamsOpen(child, stack, streams, sessions, requests);
            System.out.println(stack + " with the stream handling: TERM to exit " + termToExit);
            child.output().lines().filter(line -> line.contains("graceful-shutdown ") || line.contains("Graceful shutdown")
                    || line.contains("WARN") || line.contains("ERROR")).forEach(System.out::println);
            assertThat(child.process().exitValue()).as(child.output()).isEqualTo(143);
            for (CompletableFuture<HttpResponse<String>> response : requests) {
                assertThat(response.get(5, TimeUnit.SECONDS).statusCode()).as(child.output()).isEqualTo(200);
            }
            for (CompletableFuture<Read> stream : streams) {
                Read read = stream.get(5, TimeUnit.SECONDS);
                assertThat(read.end()).as("how the stream ended; it read %s", read.lines()).isEqualTo("end of stream");
                assertThat(read.lines()).as("the first event, then the last one").containsSubsequence("event:hello", "data:open",
                        "event:bye", "data:going away from " + prefix(stack) + "/sse");
            }
            for (Recording recording : sessions) {
                Session session = recording.ended.get(5, TimeUnit.SECONDS);
                assertThat(session.end()).as("how the session ended; it received %s", session.messages()).isEqualTo("close 1001");
                assertThat(session.messages()).containsExactly("hello", "going away from " + prefix(stack) + "/ws");
            }
            assertThat(child.output()).contains("ended " + (STREAMS + SESSIONS) + " open stream(s)").contains("outcome=completed");
            assertThat(termToExit).as("TERM to exit: the drain delay, then the slow requests; the deadline is " + DEADLINE)
                    .isLessThan(DEADLINE.minusSeconds(5));
        }
    }

    @ParameterizedTest
    @CsvSource({"servlet", "reactive"})
    void withoutTheStreamHandlingTheStreamsHoldTheDrainUntilTheDeadlineCutsThem(String stack) throws Exception {
        List<CompletableFuture<Read>> streams = new ArrayList<>();
        List<Recording> sessions = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        try (ChildJvm child = start(stack, "--last-event=true", "--graceful.shutdown.streams.enabled=false")) {
            Duration termToExit = termWithStreamsOpen(child, stack, streams, sessions, requests);
            System.out.println(stack + " without the stream handling: TERM to exit " + termToExit + ", exit " + child.process().exitValue());
            for (CompletableFuture<HttpResponse<String>> response : requests) {
                assertThat(response.get(5, TimeUnit.SECONDS).statusCode()).as(child.output()).isEqualTo(200);
            }
            assertThat(termToExit).as("TERM to exit, held by the streams").isGreaterThanOrEqualTo(DEADLINE.minusSeconds(1));
            for (CompletableFuture<Read> stream : streams) {
                Read read = stream.get(5, TimeUnit.SECONDS);
                assertThat(read.endedCleanly()).as("cut, not ended: %s", read).isFalse();
                assertThat(read.lines()).doesNotContain("event:bye");
            }
            for (Recording recording : sessions) {
                Session session = recording.ended.get(5, TimeUnit.SECONDS);
                assertThat(session.end()).as("cut (1006: no close frame), not closed: %s", session).isNotEqualTo("close 1001");
                assertThat(session.messages()).containsExactly("hello");
            }
        }
    }

    /**
     * WebSocket sessions alone, the handling off: Tomcat's drain does not count upgraded connections, so the server
     * stops soon but cuts the sessions without a close frame; Reactor Netty's drain waits for them until the deadline.
     */
    @ParameterizedTest
    @CsvSource({"servlet, false", "reactive, true"})
    void withoutTheStreamHandlingWebSocketSessionsAloneAreCutAndOnReactorNettyHoldTheDrain(String stack, boolean held) throws Exception {
        List<Recording> sessions = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        try (ChildJvm child = start(stack, "--last-event=true", "--graceful.shutdown.streams.enabled=false")) {
            Duration termToExit = termWithStreamsOpen(child, stack, 0, new ArrayList<>(), sessions, requests);
            System.out.println(stack + " with sessions alone, without the stream handling: TERM to exit " + termToExit);
            for (CompletableFuture<HttpResponse<String>> response : requests) {
                assertThat(response.get(5, TimeUnit.SECONDS).statusCode()).as(child.output()).isEqualTo(200);
            }
            for (Recording recording : sessions) {
                Session session = recording.ended.get(5, TimeUnit.SECONDS);
                assertThat(session.end()).as("cut without a close frame: %s", session).isEqualTo("close 1006");
                assertThat(session.messages()).containsExactly("hello");
            }
            if (held) {
                assertThat(termToExit).as("TERM to exit, held by the sessions").isGreaterThanOrEqualTo(DEADLINE.minusSeconds(1));
            } else {
                assertThat(termToExit).as("TERM to exit, not held by the sessions").isLessThan(DEADLINE.minusSeconds(5));
            }
        }
    }
}
