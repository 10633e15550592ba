package dev.gracefulsignals.autoconfigure.observation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.gracefulsignals.shutdown.HookOutcome;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.shutdown.ShutdownReport;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The shutdown as nested observations: {@value #SHUTDOWN} (keys {@code trigger}, {@code outcome}) holds one
 * {@value #PHASE} per phase (key {@code phase}), and the {@code hooks} phase one {@value #HOOK} per hook (keys
 * {@code hook}, {@code outcome}). A tracing bridge turns them into a trace of spans; Micrometer's default meter
 * handler into timers of these names, which is why none of them is a {@code shutdown.*} name (docs/metrics.md).
 */
public final class ShutdownObservations implements ShutdownObserver {

    /** The whole shutdown. */
    public static final String SHUTDOWN = "graceful.shutdown";
    /** One phase of it. */
    public static final String PHASE = "graceful.shutdown.phase";
    /** One shutdown hook, inside the {@code hooks} phase. */
    public static final String HOOK = "graceful.shutdown.hook";

    private final ObservationRegistry registry;
    // Phases run one after another; hooks of one order may run together: both are keyed by name.
    private final Map<String, Observation> phases = new ConcurrentHashMap<>();
    private final Map<String, Observation> hooks = new ConcurrentHashMap<>();
    private volatile @Nullable Observation shutdown;
    private volatile @Nullable Observation currentPhase;

    public ShutdownObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void started(ShutdownTrigger trigger) {
        shutdown = Observation.createNotStarted(SHUTDOWN, registry).contextualName("graceful shutdown")
                .lowCardinalityKeyValue("trigger", trigger.label()).start();
    }

    @Override
    public void phaseStarted(String phase) {
        Observation observation = Observation.createNotStarted(PHASE, registry).contextualName(phase)
                .parentObservation(shutdown).lowCardinalityKeyValue("phase", phase).start();
        phases.put(phase, observation);
        currentPhase = observation;
    }

    @Override
    public void phaseFinished(String phase, Duration duration) {
        Observation observation = phases.remove(phase);
        if (observation != null) {
            observation.stop();
        }
    }

    @Override
    public void hookStarted(String hook) {
        Observation parent = currentPhase != null ? currentPhase : shutdown;
        hooks.put(hook, Observation.createNotStarted(HOOK, registry).contextualName("hook " + hook).parentObservation(parent)
                .lowCardinalityKeyValue("hook", hook).start());
    }

    @Override
    public void hookFinished(String hook, HookOutcome outcome, Duration duration) {
        Observation observation = hooks.remove(hook);
        if (observation != null) {
            observation.lowCardinalityKeyValue("outcome", outcome.tag()).stop();
        }
    }

    /** Stops the shutdown, and whatever phase or hook a halt cut short (their outcome is the report's). */
    @Override
    public void finished(ShutdownReport report) {
        String outcome = report.outcome().tag();
        // Loops, not lambdas: the exit path (see the package-info of dev.gracefulsignals.shutdown).
        for (Observation cut : hooks.values()) {
            cut.lowCardinalityKeyValue("outcome", outcome).stop();
        }
        hooks.clear();
        for (Observation cut : phases.values()) {
            cut.stop();
        }
        phases.clear();
        Observation whole = shutdown;
        if (whole != null) {
            shutdown = null;
            whole.lowCardinalityKeyValue("outcome", outcome).stop();
        }
    }
}
