package dev.gracefulsignals.autoconfigure.shutdown;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.HttpRequestHandlerAdapter;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Spring MVC's WebSocket sessions (a {@code WebSocketConfigurer}'s handlers, STOMP's endpoints too), recorded in
 * {@link OpenStreams} as they open, without the application's help, and closed with 1001 "going away".
 *
 * <p>Why here: every Spring WebSocket handshake on the servlet stack is a {@link WebSocketHttpRequestHandler} that
 * the DispatcherServlet runs through its {@link HttpRequestHandlerAdapter}, whatever the server (Tomcat, Jetty) and
 * whether the handler is a bean or not. The registrations themselves are closed (the handler mapping's map is
 * read-only, the request handler's handler is final), so the adapter runs, in place of each such request handler,
 * a twin with the same handshake handler and interceptors whose WebSocket handler records each session: made once
 * per request handler, reused after. A session is Spring's own, so the last message and the close go through the
 * API the application uses. The alternatives see less: decorating {@code WebSocketHandler} beans misses handlers
 * registered as plain objects, and the server's own session registry (Tomcat's {@code WsServerContainer}) is private
 * and per server. Not seen: SockJS endpoints, and a subclass of {@code WebSocketHttpRequestHandler} (its own
 * decoration is kept by running it as it is).
 */
final class MvcWebSockets implements BeanPostProcessor {

    private final ObjectProvider<OpenStreams> streams;

    MvcWebSockets(ObjectProvider<OpenStreams> streams) {
        this.streams = streams;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean.getClass() == HttpRequestHandlerAdapter.class) {
            return new RecordingAdapter(streams.getObject());
        }
        return bean;
    }

    /** Spring's adapter, running each WebSocket handshake through the recording twin of its request handler. */
    static final class RecordingAdapter extends HttpRequestHandlerAdapter implements Function<WebSocketHttpRequestHandler, WebSocketHttpRequestHandler> {

        private final OpenStreams streams;
        private final Map<WebSocketHttpRequestHandler, WebSocketHttpRequestHandler> twins = new ConcurrentHashMap<>();

        RecordingAdapter(OpenStreams streams) {
            this.streams = streams;
        }

        @Override
        public @Nullable ModelAndView handle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
            if (handler.getClass() == WebSocketHttpRequestHandler.class) {
                twins.computeIfAbsent((WebSocketHttpRequestHandler) handler, this).handleRequest(request, response);
                return null;
            }
            return super.handle(request, response, handler);
        }

        /** The twin: the same handshake and interceptors, the handler recording its sessions. */
        @Override
        public WebSocketHttpRequestHandler apply(WebSocketHttpRequestHandler original) {
            WebSocketHttpRequestHandler twin = new WebSocketHttpRequestHandler(new RecordSessions(original.getWebSocketHandler(), streams),
                    original.getHandshakeHandler());
            twin.setHandshakeInterceptors(original.getHandshakeInterceptors());
            return twin;
        }
    }

    /** The application's handler, recording each session between its opening and its close. */
    static final class RecordSessions extends WebSocketHandlerDecorator {

        private final OpenStreams streams;
        private final Map<String, SessionStream> open = new ConcurrentHashMap<>();

        RecordSessions(WebSocketHandler delegate, OpenStreams streams) {
            super(delegate);
            this.streams = streams;
        }

        @Override
        public void afterConnectionEstablished(WebSocketSession session) throws Exception {
            SessionStream stream = new SessionStream(session);
            open.put(session.getId(), stream);
            super.afterConnectionEstablished(session);
            if (session.isOpen()) {
                streams.opened(stream);
            }
        }

        @Override
        public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
            SessionStream stream = open.remove(session.getId());
            if (stream != null) {
                streams.closed(stream);
            }
            super.afterConnectionClosed(session, status);
        }
    }

    /** One session: closed with 1001 "going away". */
    static final class SessionStream implements OpenStreams.Stream {

        private final WebSocketSession session;

        SessionStream(WebSocketSession session) {
            this.session = session;
        }

        @Override
        public Kind kind() {
            return Kind.WEBSOCKET;
        }

        @Override
        public String path() {
            return session.getUri() == null ? "" : session.getUri().getPath();
        }

        /** On the session itself, as the application sends: a session sends one message at a time. */
        @Override
        public void send(@Nullable String event, String data) throws IOException {
            synchronized (session) {
                session.sendMessage(new TextMessage(data));
            }
        }

        @Override
        public void end() {
            try {
                session.close(CloseStatus.GOING_AWAY);
            } catch (IOException failed) {
                throw new IllegalStateException("Closing the WebSocket session " + session.getId() + " failed", failed);
            }
        }

        @Override
        public String toString() {
            return kind() + " " + path();
        }
    }
}
