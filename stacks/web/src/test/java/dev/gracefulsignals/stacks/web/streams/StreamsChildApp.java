package dev.gracefulsignals.stacks.web.streams;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulsignals.shutdown.StreamEndListener;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A web app with streams that never end by themselves, run as a child JVM by {@link StreamsShutdownTest}: Spring MVC
 * on Tomcat ({@code --spring.main.web-application-type=servlet}) or WebFlux on Reactor Netty ({@code reactive}, with
 * Tomcat left off the class path). Each stream sends one "hello" event, then nothing; it prints "stream-open" once
 * the stream is open and "request-start" as a slow request starts. With {@code --last-event=true} a
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

    @Bean
    @ConditionalOnBooleanProperty("last-event")
    StreamEndListener sayBye() {
        return stream -> stream.send("bye", "going away from " + stream.path());
    }
}
