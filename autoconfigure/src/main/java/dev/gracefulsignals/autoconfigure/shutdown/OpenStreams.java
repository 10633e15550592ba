package dev.gracefulsignals.autoconfigure.shutdown;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.gracefulsignals.shutdown.EndingStream;
import dev.gracefulsignals.shutdown.StreamEndListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-lived streams open now (Server-Sent Events, streamed responses, WebSocket sessions), recorded by the
 * stack's own hook as they open ({@link MvcStreams}, {@link WebFluxStreams}, {@link MvcWebSockets}, {@link WebFluxWebSockets}) and forgotten
 * as they close, so that stop-intake can end them ({@link StreamsIntake}): such a stream never ends by itself, and
 * the web server's drain would wait for it until the deadline cut it.
 *
 * <p>Once {@link #endAll} has begun, a stream that opens is ended at once on the thread that opens it: a request
 * accepted just before the server stopped accepting must not leave a stream open either. Each stream is ended once:
 * whoever removes it from the set ends it.
 */
final class OpenStreams {

    private static final Logger log = LoggerFactory.getLogger(OpenStreams.class);

    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile List<StreamEndListener> listeners = List.of();
    private volatile boolean ending;

    /** Set at start-up, by the intake's bean: no bean is looked up during the shutdown. */
    void listeners(List<StreamEndListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** A stream has opened; after stop-intake began it is ended here and now. */
    void opened(Stream stream) {
        open.add(stream);
        // endAll sets ending before it walks the set: either it finds this stream there, or this sees ending.
        if (ending && open.remove(stream)) {
            end(stream);
        }
    }

    /** A stream has closed, by itself or by its end. */
    void closed(Stream stream) {
        open.remove(stream);
    }

    /** Ends every open stream, one after another, and every stream that opens from now on. Returns how many it ended. */
    int endAll() {
        ending = true;
        int ended = 0;
        for (Stream stream : open) {
            if (open.remove(stream)) {
                end(stream);
                ended++;
            }
        }
        return ended;
    }

    int size() {
        return open.size();
    }

    /** The listeners' last events, then the end. A listener that fails never keeps the stream open. */
    private void end(Stream stream) {
        for (StreamEndListener listener : listeners) {
            try {
                listener.ending(stream);
            } catch (Exception | LinkageError failure) {
                log.warn("StreamEndListener {} failed on {}; the stream ends all the same", listener, stream, failure);
            }
        }
        try {
            stream.end();
        } catch (RuntimeException failure) {
            log.warn("Ending {} failed", stream, failure);
        }
    }

    /** One open stream: what a listener sees, and how it ends cleanly. */
    interface Stream extends EndingStream {

        /** Ends the stream as its protocol ends it cleanly (the response completes; WebSocket close 1001). Must not block for long. */
        void end();
    }
}
