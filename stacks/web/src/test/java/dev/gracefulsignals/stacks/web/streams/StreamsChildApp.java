package dev.gracefulsignals.stacks.web.streams;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulsignals.shutdown.StreamEndListener;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A web app with streams that never end by themselves, run as a child JVM by {@link StreamsShutdownTest}: Spring MVC
 * on Tomcat ({@code --spring.main.web-application-type=servlet}) or WebFlux on Reactor Netty ({@code reactive}, with
 * Tomcat left off the class path). Each stream and each WebSocket session sends one "hello", then nothing; it prints
 * "stream-open" once a stream is open, "ws-open" once a session is, and "request-start" as a slow request starts. With {@code --last-event=true} a
 * {@link StreamEndListener} sends the event "bye" on each stream it ends. Prints "port=N" when ready.
 */
@SpringBootApplication
@RestController
public class StreamsChildApp {

    private final AtomicInteger ids = new AtomicInteger();

    public static void main(String[] args) {
        SpringApplication.run(StreamsChildApp.class, args);
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        System.out.println("port=" + event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
    }

    /** MVC: an emitter that never completes by itself (no timeout). */
    @GetMapping("/mvc/sse")
    SseEmitter mvcEvents() throws IOException {
        SseEmitter emitter = new SseEmitter(0L);
        emitter.send(SseEmitter.event().name("hello").data("open"));
        System.out.println("stream-open " + ids.incrementAndGet());
        return emitter;
    }

    /** WebFlux: a stream that never completes by itself. */
    @GetMapping(path = "/flux/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> fluxEvents() {
        return Flux.just(ServerSentEvent.builder("open").event("hello").build())
                .doOnSubscribe(subscription -> System.out.println("stream-open " + ids.incrementAndGet()))
                .concatWith(Flux.never());
    }

    @GetMapping("/mvc/slow")
    String mvcSlow(@RequestParam long ms) throws InterruptedException {
        System.out.println("request-start " + ids.incrementAndGet());
        Thread.sleep(ms);
        return "done";
    }

    @GetMapping("/flux/slow")
    Mono<String> fluxSlow(@RequestParam long ms) {
        return Mono.fromCallable(() -> {
            System.out.println("request-start " + ids.incrementAndGet());
            return "done";
        }).delayElement(Duration.ofMillis(ms));
    }

    /** Spring MVC's WebSocket: says hello, then keeps the session open. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @EnableWebSocket
    static class MvcWebSocket implements WebSocketConfigurer {

        private final AtomicInteger sessions = new AtomicInteger();

        @Override
        public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
            registry.addHandler(new TextWebSocketHandler() {
                @Override
                public void afterConnectionEstablished(WebSocketSession session) throws IOException {
                    session.sendMessage(new TextMessage("hello"));
                    System.out.println("ws-open " + sessions.incrementAndGet());
                }
            }, "/mvc/ws");
        }
    }

    /** WebFlux's WebSocket: says hello, then keeps the session open, sending nothing more. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class FluxWebSocket {

        private final AtomicInteger sessions = new AtomicInteger();

        @Bean
        HandlerMapping fluxWebSocketMapping() {
            WebSocketHandler handler = session -> session.send(Flux.just(session.textMessage("hello"))
                            .doOnComplete(() -> System.out.println("ws-open " + sessions.incrementAndGet()))
                            .concatWith(Flux.never()))
                    .and(session.receive().then());
            return new SimpleUrlHandlerMapping(Map.of("/flux/ws", handler), -1);
        }
    }

    @ConditionalOnBooleanProperty("last-event")
    // tag::stream-end-listener[]
    @Bean
    StreamEndListener sayBye() {
        return stream -> stream.send("bye", "going away from " + stream.path());
    }
    // end::stream-end-listener[]
}
