package dev.gracefulsignals.autoconfigure.actuate;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.gracefulsignals.autoconfigure.signals.SignalDeliveryObserver;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalOrigin;
import dev.gracefulsignals.signal.SignalReceived;
import dev.gracefulsignals.spring.SignalAction;

/**
 * What each signal did so far: its total count (coalesced deliveries included) and its last
 * sender and time. Fed from deliveries on the dispatcher threads, read by the {@code signals} endpoint.
 */
public final class SignalActivity implements SignalDeliveryObserver {

    /**
     * One signal's history.
     *
     * @param total      deliveries counted by the handler since startup
     * @param lastOrigin who sent the last one
     * @param lastAt     when the handler saw the last one
     */
    public record Seen(long total, SignalOrigin lastOrigin, Instant lastAt) {
    }

    private final Map<Signal, Seen> seen = new ConcurrentHashMap<>();

    @Override
    public void delivered(SignalReceived received, SignalAction action) {
        Instant at = received.receivedAt();
        seen.merge(received.signal(), new Seen(received.count(), received.origin(), at),
                (before, now) -> new Seen(before.total() + now.total(), now.lastOrigin(), now.lastAt()));
    }

    /** The history of a signal, empty when it never arrived. */
    public Optional<Seen> of(Signal signal) {
        return Optional.ofNullable(seen.get(signal));
    }
}
