package dev.gracefulsignals.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

    private final Process process;
    private final int port;
    private final HttpClient http = newClient();
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    private SampleAppProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (all) {
                        all.add(line);
                    }
                    unread.add(line);
                }
            } catch (IOException ignored) {
                // the child ended
            }
        }, "sample-app-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the jar with its data in {@code dataDir} and these extra arguments, and waits until it is ready. */
    static SampleAppProcess start(Path dataDir, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("sample.jar", "target/graceful-signals-sample-app.jar"));
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildJvm.defaultJvmOptions()); // small heap, fast start, native access on JDK 24+
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--sample.data-dir=" + dataDir));
        command.addAll(List.of(args));
        SampleAppProcess app = new SampleAppProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), port);
        try {
            app.awaitLine(line -> line.contains("Sample app ready"), STARTUP);
        } catch (AssertionError | InterruptedException failure) {
            app.close();
            throw failure;
        }
        return app;
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
        Kill.process(process.pid(), Signal.of(name));
    }

    /** Waits for a line matching the predicate, consuming the lines before it. */
    String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? unread.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("No matching line within " + timeout + " (alive=" + process.isAlive() + "); output:\n" + output());
            }
            if (match.test(line)) {
                return line;
            }
        }
    }

    String awaitLine(String contains) throws InterruptedException {
        return awaitLine(line -> line.contains(contains), Duration.ofSeconds(30));
    }

    /** Waits for the exit and returns its code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The sample app did not exit within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
