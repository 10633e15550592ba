package dev.gracefulsignals.autoconfigure.shutdown;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitterReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Spring MVC's streams ({@code SseEmitter}, {@code ResponseBodyEmitter}, also inside a {@code ResponseEntity}),
 * recorded in {@link OpenStreams} as a controller returns them, without the application's help.
 *
 * <p>Why here: every emitter a controller returns passes through the {@link ResponseBodyEmitterReturnValueHandler}
 * of the {@link RequestMappingHandlerAdapter}, whatever the controller, so wrapping that one handler (once, when the
 * adapter bean is made) sees them all. An emitter is the stream's own API: it sends the last event and completes on
 * any thread ({@code send} and {@code complete} take the emitter's write lock, so they never interleave with the
 * application's own sends), and completing it ends the response cleanly (the last chunk, so the client reads the
 * end of the stream). The alternatives see less: a {@code DeferredResultProcessingInterceptor} sees the
 * {@code DeferredResult} behind the emitter, which can end the request but not send an event, and a servlet filter
 * sees only the response. Not seen: a reactive type ({@code Flux}) returned to MVC, whose emitter Spring makes
 * inside the handler.
 */
final class MvcStreams implements BeanPostProcessor {

    private final ObjectProvider<OpenStreams> streams;

    /** The registry is looked up lazily: a post-processor is made before most beans. */
    MvcStreams(ObjectProvider<OpenStreams> streams) {
        this.streams = streams;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getReturnValueHandlers() != null) {
            List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>();
            OpenStreams open = streams.getObject();
            for (HandlerMethodReturnValueHandler handler : adapter.getReturnValueHandlers()) {
                handlers.add(handler instanceof ResponseBodyEmitterReturnValueHandler emitters ? new RecordEmitters(emitters, open) : handler);
            }
            adapter.setReturnValueHandlers(handlers);
        }
        return bean;
    }

    /** Spring's own handler, which records each emitter before it hands it on. */
    static final class RecordEmitters implements HandlerMethodReturnValueHandler {

        private final ResponseBodyEmitterReturnValueHandler delegate;
        private final OpenStreams streams;

        RecordEmitters(ResponseBodyEmitterReturnValueHandler delegate, OpenStreams streams) {
            this.delegate = delegate;
            this.streams = streams;
        }

        @Override
        public boolean supportsReturnType(MethodParameter returnType) {
            return delegate.supportsReturnType(returnType);
        }

        @Override
        public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType, ModelAndViewContainer container,
                                      NativeWebRequest request) throws Exception {
            Object body = returnValue instanceof ResponseEntity<?> entity ? entity.getBody() : returnValue;
            EmitterStream stream = null;
            if (body instanceof ResponseBodyEmitter emitter) {
                HttpServletRequest servlet = request.getNativeRequest(HttpServletRequest.class);
                stream = new EmitterStream(emitter, servlet == null ? "" : servlet.getRequestURI(), streams);
                emitter.onCompletion(stream); // the emitter keeps every callback (Spring 6.2+), the application's too
                emitter.onError(stream);
            }
            delegate.handleReturnValue(returnValue, returnType, container, request);
            if (stream != null && !stream.closed) {
                streams.opened(stream);
            }
        }
    }

    /** One emitter: ended with {@code complete()}. Its own completion or error forgets it. */
    static final class EmitterStream implements OpenStreams.Stream, Runnable, Consumer<Throwable> {

        private final ResponseBodyEmitter emitter;
        private final String path;
        private final OpenStreams streams;
        volatile boolean closed;

        EmitterStream(ResponseBodyEmitter emitter, String path, OpenStreams streams) {
            this.emitter = emitter;
            this.path = path;
            this.streams = streams;
        }

        @Override
        public Kind kind() {
            return emitter instanceof SseEmitter ? Kind.SERVER_SENT_EVENTS : Kind.STREAMED_RESPONSE;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public void send(@Nullable String event, String data) throws IOException {
            if (emitter instanceof SseEmitter sse) {
                SseEmitter.SseEventBuilder builder = SseEmitter.event();
                if (event != null) {
                    builder.name(event);
                }
                sse.send(builder.data(data));
            } else {
                emitter.send(data + "\n");
            }
        }

        @Override
        public void end() {
            emitter.complete();
        }

        /** Completion. */
        @Override
        public void run() {
            closed = true;
            streams.closed(this);
        }

        /** Error. */
        @Override
        public void accept(Throwable failure) {
            run();
        }

        @Override
        public String toString() {
            return kind() + " " + path;
        }
    }
}
