package dev.gracefulsignals.dispatch;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Capture;
import dev.gracefulsignals.signal.Captures;
import dev.gracefulsignals.signal.ForbiddenSignalException;
import dev.gracefulsignals.signal.Signal;

/**
 * The entry point: subscribe a listener to signals.
 *
 * <pre>{@code
 * try (Subscription subscription = Signals.subscribe(signal -> log.info("got {}", signal), Signal.USR1, Signal.of("RTMIN+3"))) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Guarantees: a listener sees each subscribed signal <em>at least once</em> after it was sent,
 * with the number of deliveries since its previous event ({@code SignalReceived.count()}); standard
 * signals coalesce, so two quick SIGUSR1 may arrive as one event with count 2 (or, when the kernel
 * merged them before our handler ran, count 1). Each listener sees its deliveries of a signal one
 * at a time and in order, on a dispatcher thread (or its executor); a listener that is slow or stuck
 * on one signal holds up neither its other signals nor any other listener, and while it is busy its
 * further deliveries of that signal merge into one, counts added.
 *
 * <p>Limits: dispositions are process-wide, so the first subscriber to a signal replaces the JVM's
 * (or another library's) action for the whole process, and the last one to leave puts it back. After
 * subscribing to TERM, INT or HUP the JVM no longer exits on them: exiting is the subscriber's job.
 */
public final class Signals {

    private Signals() {
    }

    /**
     * Subscribes with {@linkplain SubscribeOptions#defaults() default options}.
     *
     * @throws ForbiddenSignalException when a signal is reserved by the kernel or the JVM
     * @throws IllegalStateException    when a handler cannot be installed
     */
    public static Subscription subscribe(SignalListener listener, Signal signal, Signal... more) {
        Signal[] all = Arrays.copyOf(new Signal[] {signal}, more.length + 1);
        System.arraycopy(more, 0, all, 1, more.length);
        return subscribe(Arrays.asList(all), SubscribeOptions.defaults(), listener);
    }

    /**
     * Subscribes a listener to the given signals. The first subscriber of a signal installs our
     * handler (keeping the previous action), unless the process inherited the signal as ignored and
     * the options do not force it: then {@link Subscription#leftIgnored()} names it.
     *
     * @throws ForbiddenSignalException when a signal is reserved by the kernel or the JVM
     * @throws IllegalStateException    when a handler cannot be installed or another backend already runs
     */
    public static Subscription subscribe(Collection<Signal> signals, SubscribeOptions options, SignalListener listener) {
        return Dispatcher.subscribe(signals, options, listener);
    }

    /**
     * Loads the native backend's code (JNA and the library) on a background thread, so a later
     * {@link #subscribe} finds it ready: call it early in start-up to keep that work off the main thread.
     * Optional, never throws.
     */
    /**
     * A listener's delivery lane on {@code executor}, fed by the caller rather than by the dispatcher: each delivery
     * offered to the returned listener runs {@code listener} on the executor, one at a time per signal and in order;
     * those that arrive while one runs or waits merge into the next run, counts added ({@link SignalListener#merged}
     * is told). The same lane the dispatcher gives every subscription, for a subscriber that fans a delivery out
     * further (the starter's {@code @OnSignal(async = true)} methods, in their declared place among the others).
     * A delivery the executor rejects (it is shutting down) is dropped.
     */
    public static SignalListener onExecutor(Collection<Signal> signals, Executor executor, SignalListener listener) {
        return new ExecutorLanes(signals, executor, listener);
    }

    public static void prepare(Backend backend) {
        Captures.prepare(backend);
    }

    /** The backend that runs, empty when nobody subscribes. */
    public static Optional<Backend> backend() {
        Capture capture = Dispatcher.capture();
        return capture == null ? Optional.empty() : Optional.of(capture.backend());
    }

    /** Why the running backend was chosen ("native library loaded", "fallback: ..."), empty when none runs. */
    public static Optional<String> backendReason() {
        Capture capture = Dispatcher.capture();
        return capture == null ? Optional.empty() : Optional.of(capture.reason());
    }

    /**
     * Whether the jvm backend runs because the native one could not load ({@code backend=auto} on another platform,
     * a missing or corrupt library, a read-only temporary directory): no sender details, slower delivery, and no
     * native exit guard. False for the native backend and for a jvm backend asked for by name.
     */
    public static boolean fellBack() {
        Capture capture = Dispatcher.capture();
        return capture != null && capture.backend() == Backend.JVM && capture.reason().startsWith(Captures.FALLBACK);
    }

    /** The signals whose handler Graceful Signals installed. */
    public static Set<Signal> handled() {
        return Dispatcher.installed();
    }

    /** The subscribed signals left ignored because the process inherited SIG_IGN for them. */
    public static Set<Signal> leftIgnored() {
        return Dispatcher.leftIgnored();
    }

    /**
     * Whether our handler is still the installed action for a handled signal. False when another
     * library (or {@code sun.misc.Signal.handle}) replaced it: that signal is no longer delivered.
     * The JVM backend cannot tell and reports true.
     */
    public static boolean isHandlerInstalled(Signal signal) {
        Capture capture = Dispatcher.capture();
        return capture != null && handled().contains(signal) && capture.isInstalled(signal);
    }

    /**
     * Handled signals that none of the dispatcher's threads can receive, with the reason (for example a
     * signal mask that could not be changed): they stay pending and are never delivered. Empty normally:
     * the dispatcher's threads unblock the signals they take, even when the process inherited them blocked.
     */
    public static Map<Signal, String> undeliverable() {
        return Dispatcher.undeliverable();
    }

    /** Whether the dispatcher thread runs (it runs while anyone subscribes). */
    public static boolean isDispatcherAlive() {
        return Dispatcher.isAlive();
    }
}
