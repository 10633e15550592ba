package dev.gracefulsignals.shutdown.phase;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import dev.gracefulsignals.shutdown.ShutdownSequence;
import dev.gracefulsignals.shutdown.ShutdownPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stop-intake}: the {@link dev.gracefulsignals.shutdown.ShutdownToken} is requested, then every
 * {@link Intake} stops at once (the web server stops accepting and finishes the requests in flight,
 * listener containers stop after the message in hand) and the phase waits for all of them, bounded by
 * the deadline and ended early by a hurrying repeat.
 */
public final class StopIntake implements ShutdownPhase {

    private static final Logger log = LoggerFactory.getLogger(StopIntake.class);

    private final List<Intake> intakes;

    public StopIntake(List<Intake> intakes) {
        this.intakes = List.copyOf(intakes);
    }

    @Override
    public String name() {
        return "stop-intake";
    }

    @Override
    public void run(ShutdownSequence sequence) throws InterruptedException {
        sequence.requestCancellation();
        Pending pending = new Pending(intakes);
        for (Intake intake : intakes) {
            try {
                intake.stop(new Finished(pending, intake));
            } catch (RuntimeException failure) {
                pending.finished(intake);
                log.error("Stopping {} failed; the shutdown goes on", intake.name(), failure);
            }
        }
        if (!sequence.awaitUntil(pending, Duration.ofDays(1))) {
            log.warn("Graceful shutdown: {} still finishing accepted work{}; going on", pending,
                    sequence.hurried() ? " (hurried by a repeated signal)" : " at the deadline");
            pending.cut();
        }
    }

    // Named classes, not lambdas (the exit path: see the package-info of dev.gracefulsignals.shutdown).

    /** The intakes still finishing what they accepted, each polled; true once none is left. */
    private static final class Pending implements BooleanSupplier {

        private final Set<Intake> intakes = ConcurrentHashMap.newKeySet();

        Pending(List<Intake> intakes) {
            this.intakes.addAll(intakes);
        }

        void finished(Intake intake) {
            intakes.remove(intake);
        }

        @Override
        public boolean getAsBoolean() {
            for (Intake intake : intakes) { // weakly consistent: an intake that finishes meanwhile is skipped or polled once more
                intake.poll();
            }
            return intakes.isEmpty();
        }

        /** The phase no longer waits: each intake still pending cuts what it has in flight; one that fails stops no other. */
        void cut() {
            for (Intake intake : intakes) {
                try {
                    intake.cut();
                } catch (RuntimeException failure) {
                    log.error("Cutting what {} still has in flight failed; the shutdown goes on", intake.name(), failure);
                }
            }
        }

        @Override
        public String toString() {
            return intakes.toString();
        }
    }

    /** An intake's {@code done}: it no longer holds up the phase. */
    private static final class Finished implements Runnable {

        private final Pending pending;
        private final Intake intake;

        Finished(Pending pending, Intake intake) {
            this.pending = pending;
            this.intake = intake;
        }

        @Override
        public void run() {
            pending.finished(intake);
        }
    }
}
