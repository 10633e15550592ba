package dev.gracefulsignals.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.testing.ChildJvm;
import dev.gracefulsignals.testing.Kill;

/**
 * The repackaged sample jar running as a child process ({@code java -jar}, as a user runs it) on a free
 * port, with its log captured line by line, real HTTP and real signals. Signals go only to this child.
 */
final class SampleAppProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final ChildJvm child;
    private final int port;
    private final HttpClient http = newClient();

    private SampleAppProcess(ChildJvm child, int port) {
        this.child = child;
        this.port = port;
    }

    /** Starts the jar with its data in {@code dataDir} and these extra arguments, and waits until it is ready. */
    static SampleAppProcess start(Path dataDir, String... args) throws Exception {
        return start(dataDir, List.of(), args);
    }

    /** {@link #start(Path, String...)} with these JVM options (for example {@code -Dspring.aot.enabled=true}). */
    static SampleAppProcess start(Path dataDir, List<String> jvmOptions, String... args) throws Exception {
        Path jar = jar();
        int port = freePort();
        String[] all = new String[args.length + 2];
        all[0] = "--server.port=" + port;
        all[1] = "--sample.data-dir=" + dataDir;
        System.arraycopy(args, 0, all, 2, args.length);
        SampleAppProcess app = new SampleAppProcess(ChildJvm.startJar(jar, jvmOptions, all), port);
        try {
            app.awaitLine(line -> line.contains("Sample app ready"), STARTUP);
        } catch (AssertionError | InterruptedException failure) {
            app.close();
            throw failure;
        }
        return app;
    }

    /** The repackaged jar that {@code package} built. */
    static Path jar() {
        return Path.of(System.getProperty("sample.jar", "target/graceful-signals-sample-app.jar"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A client that opens its own connections, so a request after the drain cannot ride on a kept-alive one. */
    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60)).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return http.sendAsync(request(path), HttpResponse.BodyHandlers.ofString());
    }

    void signal(String name) {
        Kill.process(child.pid(), Signal.of(name));
    }

    /** Waits for a line matching the predicate, consuming the lines before it. */
    String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        return child.awaitLine(match, timeout);
    }

    String awaitLine(String contains) throws InterruptedException {
        return child.awaitLine(contains);
    }

    /** Waits for the exit and returns its code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return child.awaitExit(timeout);
    }

    boolean isAlive() {
        return child.process().isAlive();
    }

    long pid() {
        return child.pid();
    }

    int port() {
        return port;
    }

    String output() {
        return child.output();
    }

    @Override
    public void close() {
        child.close();
    }
}
