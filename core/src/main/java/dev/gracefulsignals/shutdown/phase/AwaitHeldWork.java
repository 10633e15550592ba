package dev.gracefulsignals.shutdown.phase;

import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.shutdown.ShutdownSequence;
import dev.gracefulsignals.shutdown.ShutdownToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait for work held on the {@link ShutdownToken} ({@link ShutdownToken#hold}): up to a grace period and the
 * deadline, ended early by a hurrying repeat; what is still held then is named in the report. The first half of
 * {@code cancel-tasks}: held work gets the grace period before executors are told to stop.
 */
public final class AwaitHeldWork {

    /** The coordinator's logger: these lines are part of the shutdown's story. */
    private static final Logger log = LoggerFactory.getLogger("dev.gracefulsignals.shutdown.ShutdownCoordinator");

    private AwaitHeldWork() {
    }

    /** Waits for the held work up to {@code grace}; returns true when nothing is held. */
    public static boolean await(ShutdownSequence sequence, Duration grace) throws InterruptedException {
        ShutdownToken token = sequence.token();
        if (token.heldCount() == 0) {
            return true;
        }
        log.info("Graceful shutdown: waiting up to {} ms for held work {}", grace.toMillis(), token.heldNames());
        if (sequence.awaitHeldWork(grace)) {
            return true;
        }
        List<String> names = token.heldNames();
        log.warn("Graceful shutdown: work still held after {} ms{}: {}; going on", grace.toMillis(), sequence.hurried() ? " (hurried)" : "", names);
        sequence.stillHeld(names);
        return false;
    }
}
