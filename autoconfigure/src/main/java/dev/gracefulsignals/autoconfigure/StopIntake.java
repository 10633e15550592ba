package dev.gracefulsignals.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.gracefulsignals.shutdown.ShutdownCoordinator;
import dev.gracefulsignals.shutdown.ShutdownPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stop-intake}: the {@link dev.gracefulsignals.shutdown.ShutdownToken} is requested, then every
 * {@link Intake} stops at once (the web server stops accepting and finishes the requests in flight,
 * listener containers stop after the message in hand) and the phase waits for all of them, bounded by
 * the deadline and ended early by a hurrying repeat.
 */
final class StopIntake implements ShutdownPhase {

    private static final Logger log = LoggerFactory.getLogger(StopIntake.class);

    private final List<Intake> intakes;

    StopIntake(List<Intake> intakes) {
        this.intakes = List.copyOf(intakes);
    }

    @Override
    public String name() {
        return "stop-intake";
    }

    @Override
    public void run(ShutdownCoordinator sequence) throws InterruptedException {
        sequence.requestCancellation();
        Set<Intake> pending = ConcurrentHashMap.newKeySet();
        pending.addAll(intakes);
        for (Intake intake : intakes) {
            try {
                intake.stop(() -> pending.remove(intake));
            } catch (RuntimeException failure) {
                pending.remove(intake);
                log.error("Stopping {} failed; the shutdown goes on", intake.name(), failure);
            }
        }
        if (!sequence.awaitUntil(pending::isEmpty, Duration.ofDays(1))) {
            log.warn("Graceful shutdown: {} still finishing accepted work{}; going on", pending,
                    sequence.hurried() ? " (hurried by a repeated signal)" : " at the deadline");
        }
    }
}
