package dev.gracefulsignals.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small local HTTP proxy in front of the application, for {@link ShutdownRehearsal#throughProxy()}: the clients
 * connect to it (kept-alive or not), and it forwards each GET on its own pooled, kept-alive connections to the
 * application, as a load balancer does. While the readiness follower routes, it forwards; once the follower has seen a
 * non-2xx readiness answer, it answers 503 itself, marked {@code rerouted} (another instance would have taken it). A
 * failure to reach the application is answered 502, marked with the failure ({@code connection refused}...). That is
 * all: no retries, no queueing, one backend. The JDK's own HTTP server ({@code jdk.httpserver}) serves the clients.
 */
final class ReadinessProxy implements AutoCloseable {

    /** The response header that tells the client what the proxy did instead of forwarding. */
    static final String VERDICT = "X-Shutdown-Rehearsal";

    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient backend;
    private final String target;
    private final BooleanSupplier routing;
    private final Duration timeout;

    ReadinessProxy(String host, int port, BooleanSupplier routing, Duration timeout) throws IOException {
        this.target = "http://" + host + ":" + port;
        this.routing = routing;
        this.timeout = timeout;
        this.backend = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        this.workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "shutdown-rehearsal-proxy");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(workers);
        server.createContext("/", this::forward);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try {
            if (!routing.getAsBoolean()) {
                exchange.getResponseHeaders().add(VERDICT, "rerouted");
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI())).timeout(timeout).build();
                HttpResponse<byte[]> response = backend.send(request, HttpResponse.BodyHandlers.ofByteArray());
                byte[] body = response.body();
                exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException failure) {
                exchange.getResponseHeaders().add(VERDICT, RehearsalLoad.failure(failure));
                exchange.sendResponseHeaders(502, -1);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
