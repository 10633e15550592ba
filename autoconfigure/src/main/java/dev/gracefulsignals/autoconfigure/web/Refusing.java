package dev.gracefulsignals.autoconfigure.web;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Whether the application refuses traffic now (the drain delay of a shutdown, or the application's own refusal).
 *
 * <p>Every request asks, so the answer is a volatile field that readiness changes flip: no bean lookup and no
 * allocation per request. Readiness reaches this listener as an {@link AvailabilityChangeEvent}, as it reaches
 * Boot's own {@link ApplicationAvailability}; the state before the first event is read from that bean once.
 * Ordered first among the listeners, so a readiness change that a later listener publishes in reaction
 * (the starter's readiness guard turning an {@code ACCEPTING_TRAFFIC} back into a refusal) reaches this one
 * last, as it does the availability bean.
 */
final class Refusing implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>>, Ordered {

    /** Without an availability bean nothing records readiness, and nothing refuses: as before, never {@code Connection: close}. */
    private final boolean tracking;
    private volatile boolean refusing;

    Refusing(@Nullable ApplicationAvailability availability) {
        this.tracking = availability != null;
        this.refusing = availability != null && availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC;
    }

    boolean now() {
        return refusing;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        if (tracking) {
            refusing = event.getState() == ReadinessState.REFUSING_TRAFFIC;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
