package dev.gracefulsignals.autoconfigure.shutdown;

import dev.gracefulsignals.shutdown.ShutdownCoordinator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Keeps readiness {@code REFUSING_TRAFFIC} once the shutdown sequence began, whatever Boot (its
 * {@code ApplicationReadyEvent} when a TERM came during startup) or the application publishes later:
 * a pod that is leaving must not be routed to again. Registered after Boot's availability bean, so
 * the refusal it publishes is the last state that bean records.
 */
final class ReadinessGuard implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

    private static final Logger log = LoggerFactory.getLogger(ReadinessGuard.class);

    private final ApplicationContext context;
    private final ShutdownCoordinator coordinator;

    ReadinessGuard(ApplicationContext context, ShutdownCoordinator coordinator) {
        this.context = context;
        this.coordinator = coordinator;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && coordinator.state() != ShutdownCoordinator.State.RUNNING) {
            log.info("Readiness changed to ACCEPTING_TRAFFIC during the graceful shutdown (from {}); setting it back to REFUSING_TRAFFIC",
                    event.getSource());
            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        }
    }
}
