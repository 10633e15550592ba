package dev.gracefulsignals.shutdown.phase;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import dev.gracefulsignals.shutdown.ShutdownPhase;
import dev.gracefulsignals.shutdown.ShutdownSequence;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
import dev.gracefulsignals.signal.Signal;

/**
 * {@code drain-delay}: keep serving while load balancers and Kubernetes endpoints notice the refusal.
 * Only a shutdown started by one of the configured signals waits (TERM by default: what Kubernetes
 * and service managers send); Ctrl+C at a terminal, {@code System.exit}, the actuator and a test's
 * context close do not. A hurrying repeat ends the wait.
 */
public final class DrainDelay implements ShutdownPhase {

    private final Duration delay;
    private final Set<Signal> signals;

    public DrainDelay(Duration delay, Set<Signal> signals) {
        this.delay = delay;
        this.signals = Set.copyOf(signals);
    }

    /** Whether a shutdown started by this trigger waits at all. */
    @Override
    public boolean appliesTo(ShutdownTrigger trigger) {
        Optional<Signal> signal = trigger.shutdownSignal(); // no Optional.filter: a lambda to link after the signal
        return !delay.isZero() && signal.isPresent() && signals.contains(signal.get());
    }

    @Override
    public String name() {
        return "drain-delay";
    }

    @Override
    public void run(ShutdownSequence sequence) throws InterruptedException {
        sequence.pause(delay);
    }
}
