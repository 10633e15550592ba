package dev.gracefulsignals.autoconfigure.shutdown;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

/**
 * WebFlux's WebSocket sessions, recorded in {@link OpenStreams} as they open, without the application's help, and
 * closed with 1001 "going away".
 *
 * <p>Why here: every WebFlux WebSocket handshake, whatever mapped it, runs through the {@link WebSocketHandlerAdapter}
 * bean (WebFlux's own {@code webFluxWebSocketHandlerAdapter}, or the application's), which hands the exchange and
 * the handler to its {@link WebSocketService}. The adapter is replaced, once, when its bean is made, by one with the
 * same order whose service wraps the original ({@code HandshakeWebSocketService} with its upgrade strategy and
 * session attributes predicate stays as it was) and wraps each handler so its session is recorded while it lives.
 */
final class WebFluxWebSockets implements BeanPostProcessor {

    /** How long one last message may wait for a slow client. */
    private static final Duration SEND_WAIT = Duration.ofSeconds(2);

    private final ObjectProvider<OpenStreams> streams;

    WebFluxWebSockets(ObjectProvider<OpenStreams> streams) {
        this.streams = streams;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean.getClass() == WebSocketHandlerAdapter.class) {
            WebSocketHandlerAdapter original = (WebSocketHandlerAdapter) bean;
            WebSocketHandlerAdapter recording = new WebSocketHandlerAdapter(new RecordingService(original.getWebSocketService(), streams.getObject()));
            recording.setOrder(original.getOrder());
            return recording;
        }
        return bean;
    }

    /** The original service, each handler wrapped. */
    static final class RecordingService implements WebSocketService {

        private final WebSocketService delegate;
        private final OpenStreams streams;

        RecordingService(WebSocketService delegate, OpenStreams streams) {
            this.delegate = delegate;
            this.streams = streams;
        }

        @Override
        public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
            return delegate.handleRequest(exchange, new RecordSession(handler, streams));
        }
    }

    /** The application's handler; the session is recorded from its start to its end. */
    static final class RecordSession implements WebSocketHandler {

        private final WebSocketHandler delegate;
        private final OpenStreams streams;

        RecordSession(WebSocketHandler delegate, OpenStreams streams) {
            this.delegate = delegate;
            this.streams = streams;
        }

        @Override
        public List<String> getSubProtocols() {
            return delegate.getSubProtocols();
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            SessionStream stream = new SessionStream(session, streams);
            return delegate.handle(session).doOnSubscribe(stream::opened).doFinally(stream::closed);
        }
    }

    /** One session: closed with 1001 "going away". */
    static final class SessionStream implements OpenStreams.Stream {

        private final WebSocketSession session;
        private final OpenStreams streams;

        SessionStream(WebSocketSession session, OpenStreams streams) {
            this.session = session;
            this.streams = streams;
        }

        void opened(Object subscription) {
            streams.opened(this);
        }

        void closed(SignalType signal) {
            streams.closed(this);
        }

        @Override
        public Kind kind() {
            return Kind.WEBSOCKET;
        }

        @Override
        public String path() {
            return session.getHandshakeInfo().getUri().getPath();
        }

        /**
         * Waits, up to a bound, for the message to go out: the close must follow it, not overtake it. On an event
         * loop (a session opened after stop-intake began), which must never block, the message is only queued.
         */
        @Override
        public void send(@Nullable String event, String data) {
            Mono<Void> sent = session.send(Mono.just(session.textMessage(data)));
            if (Schedulers.isInNonBlockingThread()) {
                sent.subscribe();
            } else {
                sent.block(SEND_WAIT);
            }
        }

        @Override
        public void end() {
            session.close(CloseStatus.GOING_AWAY).subscribe();
        }

        @Override
        public String toString() {
            return kind() + " " + path();
        }
    }
}
