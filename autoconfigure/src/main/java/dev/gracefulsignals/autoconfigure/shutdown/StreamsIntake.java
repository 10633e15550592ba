package dev.gracefulsignals.autoconfigure.shutdown;

import dev.gracefulsignals.shutdown.phase.Intake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open streams in stop-intake: each is ended cleanly ({@link OpenStreams}), with its last events, so the web
 * server's drain, started at the same moment by {@link WebServerIntake}, finishes with the requests in flight instead
 * of waiting for streams that never end. Streams are ended on a thread of their own, so a listener or a slow client
 * never holds stop-intake's thread; where no thread can be made, they are ended here without one.
 * Off with {@code graceful.shutdown.streams.enabled=false}.
 */
final class StreamsIntake implements Intake {

    private static final Logger log = LoggerFactory.getLogger(StreamsIntake.class);

    private final OpenStreams streams;

    StreamsIntake(OpenStreams streams) {
        this.streams = streams;
    }

    @Override
    public String name() {
        return "open streams";
    }

    @Override
    public void stop(Runnable done) {
        EndAll endAll = new EndAll(streams, done);
        Thread thread = new Thread(endAll, "graceful-streams");
        thread.setDaemon(true);
        try {
            thread.start();
        } catch (OutOfMemoryError noThread) {
            endAll.run();
        }
    }

    /** Ends the open streams, then says done. A named class, not a lambda: the exit path. */
    private static final class EndAll implements Runnable {

        private final OpenStreams streams;
        private final Runnable done;

        EndAll(OpenStreams streams, Runnable done) {
            this.streams = streams;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                int ended = streams.endAll();
                if (ended > 0) { // an application without open streams hears nothing of them
                    log.info("Graceful shutdown: ended {} open stream(s)", ended);
                }
            } finally {
                done.run();
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
