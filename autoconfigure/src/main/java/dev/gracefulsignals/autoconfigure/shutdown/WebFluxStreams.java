package dev.gracefulsignals.autoconfigure.shutdown;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;

/**
 * WebFlux's streams ({@code Flux<ServerSentEvent>}, any {@code text/event-stream} or {@code application/x-ndjson}
 * body), recorded in {@link OpenStreams} without the application's help, and ended by completing the body.
 *
 * <p>Why here: WebFlux writes every streamed body, whatever produced it (an annotated controller, a functional
 * endpoint, an encoder of one's own), through {@link ServerHttpResponse#writeAndFlushWith}, and only streamed bodies
 * go that way (the others use {@code writeWith}). So a filter that decorates the response sees exactly the streams,
 * and it can end one cleanly: the body it hands on stops at stop-intake ({@code takeUntilOther}, which also cancels
 * the application's publisher), then carries the last events, then completes, which ends the response as the
 * protocol wants (the last chunk, read by the client as the end of the stream). The decorator costs one object per
 * request and nothing per write.
 */
final class WebFluxStreams implements WebFilter, Ordered {

    private final OpenStreams streams;

    WebFluxStreams(OpenStreams streams) {
        this.streams = streams;
    }

    /** First, so that it sees the body the server really writes, after every other filter's decoration. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        return chain.filter(exchange.mutate().response(new EndingResponse(exchange.getResponse(), path, streams)).build());
    }

    /** The response, whose streamed body ends at stop-intake. */
    static final class EndingResponse extends ServerHttpResponseDecorator {

        private final String path;
        private final OpenStreams streams;

        EndingResponse(ServerHttpResponse delegate, String path, OpenStreams streams) {
            super(delegate);
            this.path = path;
            this.streams = streams;
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            MediaType type = getHeaders().getContentType();
            boolean events = type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
            BodyStream stream = new BodyStream(path, events, this);
            Flux<Publisher<? extends DataBuffer>> ending = Flux.<Publisher<? extends DataBuffer>>from(body)
                    .takeUntilOther(stream.endSignal.asMono())
                    .concatWith(Flux.defer(stream::lastEvents))
                    .doOnSubscribe(stream::opened)
                    .doFinally(stream::closed);
            return super.writeAndFlushWith(ending);
        }
    }

    /** One streamed body: the end signal, and the last events a listener sent, written before the body completes. */
    static final class BodyStream implements OpenStreams.Stream {

        private final String path;
        private final boolean events;
        private final EndingResponse response;
        final Sinks.One<Boolean> endSignal = Sinks.one();
        private final Queue<String> last = new ConcurrentLinkedQueue<>();

        BodyStream(String path, boolean events, EndingResponse response) {
            this.path = path;
            this.events = events;
            this.response = response;
        }

        void opened(Object subscription) {
            response.streams.opened(this);
        }

        void closed(SignalType signal) {
            response.streams.closed(this);
        }

        @Override
        public Kind kind() {
            return events ? Kind.SERVER_SENT_EVENTS : Kind.STREAMED_RESPONSE;
        }

        @Override
        public String path() {
            return path;
        }

        /** Queued: the body writes it after the application's last item, just before it completes. */
        @Override
        public void send(@Nullable String event, String data) {
            if (!events) {
                last.add(data + "\n");
                return;
            }
            StringBuilder text = new StringBuilder();
            if (event != null) {
                text.append("event:").append(event).append('\n');
            }
            for (String line : data.split("\n", -1)) {
                text.append("data:").append(line).append('\n');
            }
            last.add(text.append('\n').toString());
        }

        @Override
        public void end() {
            endSignal.tryEmitValue(Boolean.TRUE);
        }

        Flux<Publisher<? extends DataBuffer>> lastEvents() {
            return Flux.fromIterable(last).map(this::buffer);
        }

        private Publisher<? extends DataBuffer> buffer(String text) {
            return Mono.just(response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return kind() + " " + path;
        }
    }
}
