package dev.gracefulsignals.stacks.web.http2;

import java.net.InetSocketAddress;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A web app with {@code server.http2.enabled=true} (h2c: no TLS), on Tomcat ({@code --spring.main.web-application-type=servlet})
 * or Reactor Netty ({@code reactive}), run as a child JVM by {@link Http2ShutdownTest}. Each answer names the protocol the
 * server saw and the client's port, so the test sees which connection a request went on. Prints "port=N" when ready.
 */
@SpringBootApplication
@RestController
public class Http2ChildApp {

    public static void main(String[] args) {
        SpringApplication.run(Http2ChildApp.class, args);
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        System.out.println("port=" + event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
    }

    /** Servlet: sleeps {@code ms}, then names the protocol and the client's port. */
    @GetMapping("/who")
    String who(HttpServletRequest request, @RequestParam(defaultValue = "0") long ms) throws InterruptedException {
        System.out.println("request-start");
        Thread.sleep(ms);
        return request.getProtocol() + " " + request.getRemotePort();
    }

    /** Reactive: the same without blocking. */
    @GetMapping("/who-reactive")
    Mono<String> whoReactive(ServerHttpRequest request, @RequestParam(defaultValue = "0") long ms) {
        HttpServerRequest netty = ServerHttpRequestDecorator.getNativeRequest(request);
        InetSocketAddress client = request.getRemoteAddress();
        String answer = netty.protocol() + " " + (client == null ? -1 : client.getPort());
        System.out.println("request-start");
        return Mono.just(answer).delayElement(Duration.ofMillis(ms));
    }
}
