package dev.gracefulsignals.autoconfigure.shutdown;

import dev.gracefulsignals.shutdown.ShutdownPhase;
import dev.gracefulsignals.shutdown.ShutdownSequence;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;

/** {@code refuse-traffic}: readiness turns {@code REFUSING_TRAFFIC}; {@link ReadinessGuard} keeps it so. */
final class RefuseTraffic implements ShutdownPhase {

    private final ApplicationContext context;

    RefuseTraffic(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "refuse-traffic";
    }

    @Override
    public void run(ShutdownSequence sequence) {
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    }
}
