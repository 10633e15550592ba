package dev.gracefulsignals.shutdown;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * An open stream that stop-intake is about to end, as a {@link StreamEndListener} sees it.
 */
public interface EndingStream {

    /** What kind of stream this is. */
    enum Kind {
        /** A {@code text/event-stream} response: Spring MVC's {@code SseEmitter}, WebFlux's {@code Flux<ServerSentEvent>}. */
        SERVER_SENT_EVENTS,
        /** A WebSocket session, closed with 1001 "going away". */
        WEBSOCKET,
        /** Any other streamed response body (MVC's plain {@code ResponseBodyEmitter}, WebFlux's {@code application/x-ndjson}): data is written as is. */
        STREAMED_RESPONSE
    }

    Kind kind();

    /** The request path the stream was opened on, such as {@code /prices}. */
    String path();

    /**
     * Sends one last event before the end. Server-Sent Events: an event named {@code event} (none when null) with
     * {@code data}; WebSocket: a text message {@code data}; another streamed response: {@code data} as is, then a
     * line break ({@code event} is sent only on Server-Sent Events). Call it at most a few times:
     * each waits for the client, as any send does.
     */
    void send(@Nullable String event, String data) throws IOException;
}
