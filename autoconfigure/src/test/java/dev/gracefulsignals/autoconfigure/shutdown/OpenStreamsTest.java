package dev.gracefulsignals.autoconfigure.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gracefulsignals.shutdown.StreamEndListener;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The registry's promises, which the child-JVM test ({@code StreamsShutdownTest} in stacks/web) cannot time: a stream
 * that opens after stop-intake began is ended at once, each stream is ended once, and a failing listener never keeps
 * a stream open. Plain objects: no server is needed to see who ends what.
 */
class OpenStreamsTest {

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final OpenStreams streams = new OpenStreams();

    @Test
    void aStreamOpenedAfterTheEndBeganIsEndedAtOnceWithItsLastEvent() {
        streams.listeners(List.of(stream -> stream.send("bye", "late")));
        assertThat(streams.endAll()).isZero();
        streams.opened(new Recorded("/late"));
        assertThat(seen).containsExactly("/late send bye late", "/late end");
        assertThat(streams.size()).isZero();
    }

    @Test
    void eachOpenStreamIsEndedOnceAndAClosedOneNotAtAll() {
        Recorded closed = new Recorded("/closed");
        streams.opened(new Recorded("/a"));
        streams.opened(closed);
        streams.closed(closed);
        assertThat(streams.endAll()).isEqualTo(1);
        assertThat(streams.endAll()).isZero();
        assertThat(seen).containsExactly("/a end");
    }

    @Test
    void aFailingListenerNeverKeepsTheStreamOpenNorStopsTheNextListener() {
        StreamEndListener failing = stream -> {
            throw new IllegalStateException("listener failed");
        };
        streams.listeners(List.of(failing, stream -> stream.send(null, "second")));
        streams.opened(new Recorded("/a"));
        streams.endAll();
        assertThat(seen).containsExactly("/a send null second", "/a end");
    }

    private final class Recorded implements OpenStreams.Stream {

        private final String path;

        Recorded(String path) {
            this.path = path;
        }

        @Override
        public Kind kind() {
            return Kind.SERVER_SENT_EVENTS;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public void send(@Nullable String event, String data) {
            seen.add(path + " send " + event + " " + data);
        }

        @Override
        public void end() {
            seen.add(path + " end");
        }
    }
}
