package dev.gracefulsignals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart behind a real HAProxy, as a Kubernetes Service whose endpoints lag the pod: two
 * replicas of the sample app, routed by their readiness probe checked every second with no retries,
 * under steady keep-alive load. Each replica in turn is replaced (its successor, started beforehand as
 * Kubernetes' maxSurge does, is let in first) and then gets TERM. With the starter and a drain delay,
 * no request fails. The same run with {@code graceful.signals.term=none} (TERM left to the JVM and Boot)
 * is reported beside it, not asserted: its failures are what the drain delay is for.
 */
class RollingRestartIT {

    private static final int CLIENTS = 4;

    record Outcome(long ok, long failed, Map<String, Long> failures) {
    }

    @Test
    void aRollingRestartUnderLoadLosesNoRequestWithTheStarter(@TempDir Path dir) throws Exception {
        Path haproxy = findHaproxy();
        Outcome starter = rollingRestart(haproxy, dir.resolve("starter"), "--graceful.shutdown.drain-delay=3s");
        Outcome bootAlone = rollingRestart(haproxy, dir.resolve("boot"), "--graceful.signals.term=none");
        String report = String.format("rolling-restart: starter with drain delay 3s: %d ok, %d failed %s; graceful.signals.term=none:"
                + " %d ok, %d failed %s%n", starter.ok(), starter.failed(), starter.failures(), bootAlone.ok(), bootAlone.failed(),
                bootAlone.failures());
        System.out.print(report);
        Files.writeString(Path.of("target", "rolling-restart.txt"), report);
        assertThat(starter.ok()).as(report).isPositive();
        assertThat(starter.failed()).as(report).isZero();
    }

    private static Path findHaproxy() {
        for (String candidate : List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        Assumptions.abort("haproxy is not installed (apt-get install haproxy; .ci/run installs it): the rolling-restart test is skipped");
        throw new AssertionError("unreachable");
    }

    private Outcome rollingRestart(Path haproxy, Path dir, String... appArgs) throws Exception {
        Files.createDirectories(dir);
        List<CompletableFuture<SampleAppProcess>> starting = new ArrayList<>();
        for (String name : List.of("a1", "b1", "a2", "b2")) {
            Path data = Files.createDirectories(dir.resolve(name));
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return SampleAppProcess.start(data, appArgs);
                } catch (Exception failed) {
                    throw new IllegalStateException(failed);
                }
            }));
        }
        List<SampleAppProcess> apps = new ArrayList<>();
        try {
            for (CompletableFuture<SampleAppProcess> app : starting) {
                apps.add(app.join());
            }
            int frontPort = freePort();
            Path socket = dir.resolve("haproxy.sock");
            Path config = dir.resolve("haproxy.cfg");
            Files.writeString(config, haproxyConfig(frontPort, socket, apps));
            Process proxy = new ProcessBuilder(haproxy.toString(), "-db", "-f", config.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            try {
                HttpRequest work = HttpRequest.newBuilder(URI.create("http://localhost:" + frontPort + "/work?ms=20"))
                        .timeout(Duration.ofSeconds(30)).build();
                awaitServedBy(work, 2);
                Load load = new Load(work);
                load.start();
                load.awaitRequests(200);
                replace(socket, "a1", apps.get(0), "a2", load);
                replace(socket, "b1", apps.get(1), "b2", load);
                load.awaitRequests(load.ok.get() + 200);
                return load.stop();
            } finally {
                proxy.destroy();
                proxy.waitFor();
            }
        } finally {
            apps.forEach(SampleAppProcess::close);
        }
    }

    /** Lets the successor in, waits until the proxy routes to it, then TERM to the old replica and waits for its exit. */
    private static void replace(Path socket, String old, SampleAppProcess oldApp, String successor, Load load) throws Exception {
        command(socket, "set server replicas/" + successor + " state ready");
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!command(socket, "show servers state replicas").matches("(?s).*\\d+ replicas \\d+ " + successor + " \\S+ 2 .*")) {
            assertThat(System.nanoTime() - until).as("the proxy never routed to %s", successor).isNegative();
            Thread.sleep(100);
        }
        long before = load.ok.get();
        load.awaitRequests(before + 100);
        oldApp.signal("TERM");
        oldApp.awaitExit(Duration.ofSeconds(60));
    }

    private static String haproxyConfig(int frontPort, Path socket, List<SampleAppProcess> apps) {
        StringBuilder config = new StringBuilder("""
                global
                    stats socket %s level admin
                defaults
                    mode http
                    option http-keep-alive
                    retries 0
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                frontend front
                    bind 127.0.0.1:%d
                    default_backend replicas
                backend replicas
                    balance roundrobin
                    option httpchk GET /actuator/health/readiness
                    http-check expect status 200
                    default-server inter 1s fall 1 rise 1
                """.formatted(socket, frontPort));
        String[] names = {"a1", "b1", "a2", "b2"};
        for (int i = 0; i < apps.size(); i++) {
            // The successors start in maintenance, as pods that exist but are not yet in the Service.
            config.append("    server ").append(names[i]).append(" 127.0.0.1:").append(apps.get(i).port()).append(" check")
                    .append(i >= 2 ? " disabled" : "").append('\n');
        }
        return config.toString();
    }

    private static String command(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            StringBuilder answer = new StringBuilder();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                answer.append(StandardCharsets.UTF_8.decode(buffer));
                buffer.clear();
            }
            return answer.toString();
        }
    }

    private static void awaitServedBy(HttpRequest work, int replicas) throws Exception {
        HttpClient client = SampleAppProcess.newClient();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int served = 0;
        while (served < replicas * 5) {
            assertThat(System.nanoTime() - until).as("the proxy never routed to the replicas").isNegative();
            try {
                served = client.send(work, HttpResponse.BodyHandlers.discarding()).statusCode() == 200 ? served + 1 : 0;
            } catch (IOException notYet) {
                served = 0;
            }
            if (served == 0) {
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Steady keep-alive load: each client thread reuses its own connections to the proxy. */
    private static final class Load {
        private final HttpRequest request;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final Map<String, Long> failures = new ConcurrentHashMap<>();
        private final List<Thread> clients = new ArrayList<>();

        Load(HttpRequest request) {
            this.request = request;
        }

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                Thread client = new Thread(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    while (running.get()) {
                        try {
                            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                fail("HTTP " + response.statusCode());
                            }
                        } catch (IOException broken) {
                            fail(broken.getClass().getSimpleName());
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                }, "load-" + i);
                client.start();
                clients.add(client);
            }
        }

        private void fail(String why) {
            failed.incrementAndGet();
            failures.merge(why, 1L, Long::sum);
        }

        void awaitRequests(long count) throws InterruptedException {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ok.get() < count && System.nanoTime() - until < 0) {
                Thread.sleep(50);
            }
        }

        Outcome stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(30_000);
            }
            return new Outcome(ok.get(), failed.get(), new TreeMap<>(failures));
        }
    }
}
