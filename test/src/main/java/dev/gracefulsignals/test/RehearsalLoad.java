package dev.gracefulsignals.test;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.gracefulsignals.test.RehearsalResult.Kind;
import dev.gracefulsignals.test.RehearsalResult.Outcome;

/**
 * The rehearsal's traffic: client threads that send a mix of short and slow GET requests, some on kept-alive
 * connections (the JDK's HttpClient, which pools them), some each on a new connection closed after the response (a
 * plain socket sending {@code Connection: close}, so no connection outlives its request). A readiness follower polls
 * the readiness path as a load balancer's health check does and, from the first answer that is not 2xx, sends no new
 * request to the application: those count as rerouted, as a load balancer would have given them to another instance.
 * Requests already sent run to their end. The slow clients start staggered over the first slow request's time, so that
 * at any moment one of them has just sent its request. Times are raw {@link System#nanoTime()} values, made offsets from TERM later.
 */
final class RehearsalLoad {

    /** One request as seen, in raw nanos. */
    record Sent(Kind kind, boolean keepAlive, long start, long end, Outcome outcome, String detail) {
    }

    /** A readiness answer that differs from the one before, in raw nanos. */
    record Seen(long at, int status) {
    }

    private final String host;
    /** The application's port: the follower polls it. */
    private final int port;
    /** Where the clients send: the application's port, or the proxy's. Set before {@link #start()}. */
    private int sendPort;
    private boolean viaProxy;
    private final ShutdownRehearsal.Traffic traffic;
    private final List<Sent> sent = new ArrayList<>();
    private final List<Seen> readiness = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** How long the first slow request took: the other slow clients start that much apart, divided among them. */
    private final CompletableFuture<Long> firstSlow = new CompletableFuture<>();
    private final CountDownLatch slowStarted;
    private volatile boolean running = true;
    private volatile boolean routing = true;

    /** Clients straight to the application, each following readiness itself, unless {@link #sendThrough} a proxy. */
    RehearsalLoad(String host, int port, ShutdownRehearsal.Traffic traffic) {
        this.host = host;
        this.port = port;
        this.sendPort = port;
        this.traffic = traffic;
        this.slowStarted = new CountDownLatch(traffic.slowClients());
    }

    /** Waits until a request was answered and every slow client has sent its first request; false when that took too long. */
    boolean awaitSteady(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (answered() == 0 && System.nanoTime() - until < 0) {
            Thread.sleep(50);
        }
        return answered() > 0 && slowStarted.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    void start() {
        threads.add(thread("shutdown-rehearsal-readiness", this::followReadiness));
        int keepAlive = (int) Math.round(traffic.clients() * traffic.keepAliveShare());
        for (int i = 0; i < traffic.clients(); i++) {
            boolean keep = i < keepAlive;
            threads.add(thread("shutdown-rehearsal-client-" + i, () -> send(keep, Kind.SHORT, 0)));
        }
        int slowKeepAlive = (int) Math.round(traffic.slowClients() * traffic.keepAliveShare());
        for (int i = 0; i < traffic.slowClients(); i++) {
            boolean keep = i < slowKeepAlive;
            int order = i;
            threads.add(thread("shutdown-rehearsal-slow-" + i, () -> send(keep, Kind.SLOW, order)));
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Stops the clients and the follower, waits for the requests still running, and returns what was seen. */
    List<Sent> stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(traffic.requestTimeout().toMillis() + 5_000);
        }
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** Before {@link #start()}: the clients send to the proxy on this port, which follows readiness ({@link #routing()}) for them. */
    void sendThrough(int proxyPort) {
        this.sendPort = proxyPort;
        this.viaProxy = true;
    }

    /** Whether the follower still routes to the application. */
    boolean routing() {
        return routing;
    }

    List<Seen> readiness() {
        synchronized (readiness) {
            return List.copyOf(readiness);
        }
    }

    /** The number of requests answered so far. */
    long answered() {
        synchronized (sent) {
            return sent.stream().filter(request -> request.outcome() == Outcome.ANSWERED).count();
        }
    }

    private void followReadiness() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(uri(traffic.readinessPath())).timeout(Duration.ofSeconds(2)).build();
        int last = -1;
        while (running) {
            int status;
            try {
                status = client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException down) {
                status = 0;
            } catch (InterruptedException interrupted) {
                return;
            }
            if (status != last) {
                synchronized (readiness) {
                    readiness.add(new Seen(System.nanoTime(), status));
                }
                last = status;
            }
            if (status < 200 || status >= 300) {
                routing = false; // out of rotation for good: an instance that is shutting down does not come back
            }
            pause(traffic.readinessInterval().toMillis());
        }
    }

    /** One client: {@code kind} requests one after another; the slow client number {@code order} starts that late in the stagger. */
    private void send(boolean keepAlive, Kind kind, int order) {
        HttpClient client = keepAlive ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build() : null;
        boolean slow = kind == Kind.SLOW;
        if (slow && order > 0) {
            try {
                long took = firstSlow.get(traffic.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
                pause(TimeUnit.NANOSECONDS.toMillis(took * order / traffic.slowClients()));
            } catch (ExecutionException | TimeoutException | InterruptedException noFirst) {
                // the first slow request never ended well: send unstaggered, the rehearsal shows why
            }
        }
        if (slow) {
            slowStarted.countDown();
        }
        while (running) {
            long start = System.nanoTime();
            Sent request;
            if (!routing && !viaProxy) {
                request = new Sent(kind, keepAlive, start, start, Outcome.REROUTED, "rerouted");
            } else {
                String path = slow ? traffic.slowPath() : traffic.shortPath();
                String detail = keepAlive ? viaClient(client, path) : viaNewConnection(path);
                request = new Sent(kind, keepAlive, start, System.nanoTime(), outcome(detail), detail);
            }
            synchronized (sent) {
                sent.add(request);
            }
            if (slow && order == 0) {
                firstSlow.complete(request.end() - request.start());
            }
            if (!slow || request.outcome() == Outcome.REROUTED) {
                pause(traffic.pause().toMillis());
            }
        }
    }

    private static Outcome outcome(String detail) {
        if (detail.equals("rerouted")) {
            return Outcome.REROUTED;
        }
        return detail.length() == 3 && (detail.charAt(0) == '2' || detail.charAt(0) == '3') ? Outcome.ANSWERED : Outcome.FAILED;
    }

    private String viaClient(HttpClient client, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + sendPort + path))
                    .timeout(traffic.requestTimeout()).build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.headers().firstValue(ReadinessProxy.VERDICT).orElse(Integer.toString(response.statusCode()));
        } catch (IOException failure) {
            return failure(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** One request on its own connection: {@code Connection: close}, read to the end, closed. */
    private String viaNewConnection(String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, sendPort), 5_000);
            socket.setSoTimeout((int) traffic.requestTimeout().toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + sendPort + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The whole response, as a client reads it (the server closes after it), then its status and the proxy's verdict.
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!response.startsWith("HTTP/1.") || response.length() < 12) {
                throw new EOFException();
            }
            int headEnd = response.indexOf("\r\n\r\n");
            for (String header : response.substring(0, headEnd < 0 ? response.length() : headEnd).split("\r\n")) {
                if (header.regionMatches(true, 0, ReadinessProxy.VERDICT + ":", 0, ReadinessProxy.VERDICT.length() + 1)) {
                    return header.substring(ReadinessProxy.VERDICT.length() + 1).strip();
                }
            }
            return response.substring(9, 12);
        } catch (IOException failure) {
            return failure(failure);
        }
    }

    /** The failure in a client's words; the JDK's HttpClient wraps the socket's exception, so the causes are read too. */
    static String failure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
                return "timeout";
            }
            if (cause instanceof SocketException && message.contains("reset") || message.contains("connection reset")) {
                return "connection reset";
            }
            if (cause instanceof EOFException || message.contains("no bytes") || message.contains("eof") || message.contains("closed")) {
                return "closed without a response";
            }
        }
        return failure.getClass().getSimpleName();
    }

    private URI uri(String path) {
        return URI.create("http://" + host + ":" + port + path);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
