package dev.gracefulsignals.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownToken;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A web app (Tomcat with {@code --spring.main.web-application-type=servlet}, Reactor Netty with
 * {@code reactive}) run as a child JVM by {@link WebShutdownOrderTest}. It records, in its own order,
 * when requests start and end and when the hooks start, and prints that order from its last hook:
 * the test asserts the order the app saw, not log timing. Prints "port=N" when ready.
 */
@SpringBootApplication
@RestController
public class WebChildApp {

    private final List<String> order = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();

    public static void main(String[] args) {
        SpringApplication.run(WebChildApp.class, args);
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        System.out.println("port=" + event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
    }

    /** Blocking: the servlet stack. */
    @GetMapping("/slow")
    String slow(@RequestParam long ms) throws InterruptedException {
        int id = started();
        Thread.sleep(ms);
        return ended(id);
    }

    /** Non-blocking: the reactive stack. */
    @GetMapping("/slow-reactive")
    Mono<String> slowReactive(@RequestParam long ms) {
        return Mono.fromCallable(this::started).delayElement(Duration.ofMillis(ms)).map(this::ended);
    }

    @GetMapping("/hello")
    String hello() {
        return "hello";
    }

    private int started() {
        int id = ids.incrementAndGet();
        inFlight.incrementAndGet();
        order.add("request-start");
        System.out.println("request-start " + id);
        return id;
    }

    private String ended(int id) {
        order.add("request-end");
        inFlight.decrementAndGet();
        return "done " + id;
    }

    /** Work held on the token from a background thread for {@code held-ms}, started by the runner. */
    @Bean
    ApplicationRunner heldWork(ShutdownToken token, Environment environment) {
        long heldMs = environment.getProperty("held-ms", Long.class, 0L);
        long runnerMs = environment.getProperty("runner-sleep-ms", Long.class, 0L);
        return arguments -> {
            if (heldMs > 0) {
                Thread worker = new Thread(() -> {
                    try (ShutdownToken.Held held = token.hold("import-batch")) {
                        System.out.println("holding");
                        token.await(Duration.ofMinutes(1));
                        Thread.sleep(heldMs);
                        order.add("held-released");
                    } catch (InterruptedException interrupted) {
                        order.add("held-interrupted");
                    }
                });
                worker.start();
            }
            if (runnerMs > 0) {
                System.out.println("runner started");
                Thread.sleep(runnerMs);
                System.out.println("runner done");
            }
        };
    }

    /** With {@code --probe-in-hook=true} it also tries a new request to the app's own port and records the outcome. */
    @Bean
    @Order(1)
    ShutdownHook firstHook(Environment environment) {
        boolean probe = environment.getProperty("probe-in-hook", Boolean.class, false);
        return () -> {
            order.add("hook-start in-flight=" + inFlight.get());
            if (probe) {
                order.add("new-request=" + newRequest(environment.getProperty("local.server.port", Integer.class, 0)));
            }
        };
    }

    /** A plain socket, no client library: no thread of its own, so it works where none can be made. */
    static String newRequest(int port) {
        return newRequest(port, 2000);
    }

    /** A new connection and one request, waiting up to {@code millis} (a cold app's first request takes longer). */
    static String newRequest(int port, int millis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), millis);
            socket.setSoTimeout(millis);
            socket.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return status == null ? "closed" : status.split(" ")[1];
        } catch (ConnectException refused) {
            return "refused";
        } catch (IOException failed) {
            return failed.getClass().getSimpleName();
        }
    }

    @Bean
    @Order(2)
    ShutdownHook lastHook() {
        return () -> System.out.println("order=" + String.join(",", order));
    }
}
