package dev.gracefulsignals.shutdown;

/**
 * Says goodbye on each open stream (a Server-Sent Events response, a WebSocket session) when stop-intake ends it:
 * called once per open stream, just before its end, with a way to send one last event. Streams never end by
 * themselves, so stop-intake ends them (SSE: the response completes; WebSocket: close 1001 "going away") for the web
 * server's drain to finish; this is where a client learns why, or where to go.
 *
 * <pre>{@code
 * @Bean
 * StreamEndListener sayWhereToReconnect() {
 *     return stream -> stream.send("shutdown", "reconnect in 5 s");
 * }
 * }</pre>
 *
 * Every {@code StreamEndListener} bean is called, in {@code @Order}, one stream after another on one thread, and also
 * for a stream opened after stop-intake began (that one on its request's thread, and ended at once). One that throws
 * is logged and the stream still ends. Keep it short: it writes to a client that may be slow, and the shutdown's
 * deadline does not wait for it.
 */
@FunctionalInterface
public interface StreamEndListener {

    /** Called once for {@code stream}, before it ends. */
    void ending(EndingStream stream) throws Exception;
}
