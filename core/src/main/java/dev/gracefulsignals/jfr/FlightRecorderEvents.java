package dev.gracefulsignals.jfr;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.shutdown.HookOutcome;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.shutdown.ShutdownReport;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.SignalOrigin;
import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;

/**
 * Writes JDK Flight Recorder events: {@code dev.gracefulsignals.SignalReceived} for each signal handled, and
 * {@code dev.gracefulsignals.Shutdown}, {@code .ShutdownPhase} and {@code .ShutdownHook} for the shutdown, each
 * spanning the time it took. Pass it to the {@link dev.gracefulsignals.shutdown.ShutdownCoordinator} as an observer,
 * and call {@link #signalHandled} at the end of your signal listener:
 * <pre>
 * FlightRecorderEvents.loadEventClasses(); // once, early: JFR instruments an event class as it loads
 * FlightRecorderEvents events = new FlightRecorderEvents();
 * Signals.subscribe(received -&gt; {
 *     reloadConfiguration();
 *     events.signalHandled(received, "reload");
 * }, Signal.HUP);
 * </pre>
 * When no recording runs (or one runs with these events disabled) every method returns after one check: nothing is
 * read, formatted or allocated beyond the event object itself.
 *
 * <p>Plain loops and conditions, no lambdas: these run on the exit path (see the package-info of {@code dev.gracefulsignals.shutdown}).
 */
public final class FlightRecorderEvents implements ShutdownObserver {

    // Phases run one after another; hooks of one order may run together: both are keyed by name.
    private final Map<String, ShutdownPhaseEvent> phases = new ConcurrentHashMap<>();
    private final Map<String, ShutdownHookEvent> hooks = new ConcurrentHashMap<>();
    private volatile @Nullable ShutdownEvent shutdown;

    /** By name: a class literal here would load (and have JFR instrument) the events whenever this class loads. */
    private static final String[] EVENT_CLASSES = {"dev.gracefulsignals.jfr.SignalReceivedEvent", "dev.gracefulsignals.jfr.ShutdownEvent",
            "dev.gracefulsignals.jfr.ShutdownPhaseEvent", "dev.gracefulsignals.jfr.ShutdownHookEvent"};

    /**
     * Loads and initializes the event classes: call it once, ahead of the first signal and off any thread that
     * matters (the Spring Boot starter does, on a background thread once the application is ready). Loading an event
     * class while a recording runs registers and instruments it, which would otherwise happen inside the first
     * shutdown phase or hook and show up as its time. Never throws.
     */
    public static void loadEventClasses() {
        ClassLoader loader = FlightRecorderEvents.class.getClassLoader();
        for (String name : EVENT_CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError noFlightRecorder) {
                // a runtime without the jdk.jfr module: the events are never written anyway
            }
        }
    }

    /**
     * Records a signal once its listeners ran: its count, sender, backend and the latency from the handler to now.
     *
     * @param received the signal as delivered
     * @param action   what the application did with it ({@code shutdown}, {@code reload}, {@code event}, {@code ignore})
     */
    public void signalHandled(SignalReceived received, String action) {
        long latency = System.nanoTime() - received.monotonicNanos();
        SignalReceivedEvent event = new SignalReceivedEvent();
        if (!event.shouldCommit()) {
            return;
        }
        SignalOrigin origin = received.origin();
        event.signal = received.signal().name(); // as the signals.received tag: USR1, RTMIN+3
        event.count = received.count();
        event.action = action;
        event.senderKind = origin.kind().name().toLowerCase(Locale.ROOT);
        event.senderPid = origin.pid();
        event.senderUid = origin.uid();
        event.senderCommand = origin.command().orElse(""); // read from /proc only now that the event is written
        Optional<Backend> backend = Signals.backend();
        event.backend = backend.isPresent() ? backend.get().name().toLowerCase(Locale.ROOT) : "";
        event.latency = Math.max(0, latency);
        event.commit();
    }

    @Override
    public void started(ShutdownTrigger trigger) {
        ShutdownEvent event = new ShutdownEvent();
        if (event.isEnabled()) {
            event.trigger = trigger.label();
            event.begin();
            shutdown = event;
        }
    }

    @Override
    public void phaseStarted(String phase) {
        ShutdownPhaseEvent event = new ShutdownPhaseEvent();
        if (event.isEnabled()) {
            event.phase = phase;
            event.begin();
            phases.put(phase, event);
        }
    }

    @Override
    public void phaseFinished(String phase, Duration duration) {
        ShutdownPhaseEvent event = phases.remove(phase);
        if (event != null) {
            event.finished = true;
            event.commit();
        }
    }

    @Override
    public void hookStarted(String hook) {
        ShutdownHookEvent event = new ShutdownHookEvent();
        if (event.isEnabled()) {
            event.hook = hook;
            event.begin();
            hooks.put(hook, event);
        }
    }

    @Override
    public void hookFinished(String hook, HookOutcome outcome, Duration duration) {
        ShutdownHookEvent event = hooks.remove(hook);
        if (event != null) {
            event.outcome = outcome.tag();
            event.commit();
        }
    }

    /** Commits the shutdown, and whatever phase or hook a halt cut short, so the recording shows where it stopped. */
    @Override
    public void finished(ShutdownReport report) {
        for (ShutdownHookEvent cut : hooks.values()) {
            cut.outcome = report.outcome().tag();
            cut.commit();
        }
        hooks.clear();
        for (ShutdownPhaseEvent cut : phases.values()) {
            cut.commit();
        }
        phases.clear();
        ShutdownEvent event = shutdown;
        if (event != null) {
            shutdown = null;
            event.outcome = report.outcome().tag();
            event.tasksCancelled = report.tasksCancelled();
            event.stillHeld = String.join(",", report.stillHeld());
            event.exitCode = report.exitCode() == null ? -1 : report.exitCode();
            event.commit();
        }
    }
}
