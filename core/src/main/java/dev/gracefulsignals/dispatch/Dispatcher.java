package dev.gracefulsignals.dispatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Capture;
import dev.gracefulsignals.signal.Captures;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide dispatcher: one capture backend and one platform daemon thread,
 * {@value #THREAD_NAME}, that waits for wake-ups and hands each signal that fired to its
 * subscribers. It starts with the first subscription and stops, closing the pipe, when the last one
 * closes; signal dispositions are process-wide, so every user in the JVM shares it.
 *
 * <p>All state changes happen under {@link #LOCK}; the dispatcher thread reads an immutable
 * routing snapshot, so delivery takes no lock.
 */
final class Dispatcher implements Runnable {

    static final String THREAD_NAME = "graceful-signals";

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Object LOCK = new Object();
    private static final Subscription[] NONE = new Subscription[0];

    /** The running dispatcher, or null. Guarded by LOCK. */
    private static @Nullable Dispatcher current;
    /** The thread of the last dispatcher, which may still be finishing after its stop. Guarded by LOCK. */
    private static @Nullable Thread previousThread;

    /** After this many consecutive backend failures the dispatcher gives the signals back to the JVM. */
    private static final int FAILURES_BEFORE_GIVING_UP = 10;

    private final Capture capture;
    private final Thread thread;
    /** Subscribers per signal number, in subscription order. Guarded by LOCK for writes. */
    private final List<List<Subscription>> subscribers = new ArrayList<>();
    /** Signals whose handler is ours, and signals left ignored (nohup). Guarded by LOCK. */
    private final Set<Signal> installed = new TreeSet<>();
    private final Set<Signal> leftIgnored = new TreeSet<>();
    /** What the dispatcher thread reads: the installed signals and their subscribers, indexed by number. */
    private volatile Route route = new Route(new Signal[0], new Subscription[Signal.RTMAX + 1][]);
    /** Set, under LOCK, when the last subscriber left; the capture is stopped then and never revived. */
    private volatile boolean stopped;

    private record Route(Signal[] signals, Subscription[][] bySignal) {
    }

    private Dispatcher(Capture capture) {
        this.capture = capture;
        for (int i = 0; i <= Signal.RTMAX; i++) {
            subscribers.add(new ArrayList<>());
        }
        this.thread = new Thread(this, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    static Subscription subscribe(Collection<Signal> requested, SubscribeOptions options, SignalListener listener) {
        if (requested.isEmpty()) {
            throw new IllegalArgumentException("Subscribe to at least one signal");
        }
        Set<Signal> signals = new LinkedHashSet<>(requested);
        for (Signal signal : signals) {
            signal.checkHandleable(options.allowJobControl());
        }
        synchronized (LOCK) {
            Dispatcher dispatcher = running(options.backend());
            Set<Signal> ignored = new TreeSet<>();
            Subscription subscription = new Subscription(signals, ignored, listener, options.executor());
            List<Signal> toInstall = signals.stream().filter(signal -> !dispatcher.installed.contains(signal)).toList();
            // The route first, the handlers second: a delivery that finds our handler installed wakes the
            // dispatcher after this publication, so the snapshot it reads after draining already routes it.
            dispatcher.installed.addAll(toInstall);
            signals.forEach(signal -> dispatcher.subscribers.get(signal.number()).add(subscription));
            dispatcher.publishRoute();
            List<Signal> newlyInstalled = new ArrayList<>();
            try {
                for (Signal signal : toInstall) {
                    if (dispatcher.capture.install(signal, options.forceOverIgnored()) == Capture.Installed.LEFT_IGNORED) {
                        dispatcher.installed.remove(signal);
                        ignored.add(signal);
                        if (dispatcher.leftIgnored.add(signal)) {
                            log.warn("{} was inherited as ignored (SIG_IGN, as under nohup); leaving it ignored, so it will not be"
                                    + " delivered. Force the installation to take it anyway.", signal);
                        }
                    } else {
                        dispatcher.leftIgnored.remove(signal);
                        newlyInstalled.add(signal);
                    }
                }
            } catch (RuntimeException failure) {
                newlyInstalled.forEach(dispatcher::restore);
                toInstall.forEach(dispatcher.installed::remove);
                signals.forEach(signal -> dispatcher.subscribers.get(signal.number()).remove(subscription));
                dispatcher.publishRoute();
                dispatcher.stopIfIdle();
                throw failure;
            }
            dispatcher.publishRoute();
            return subscription;
        }
    }

    static void unsubscribe(Subscription subscription) {
        synchronized (LOCK) {
            Dispatcher dispatcher = current;
            if (dispatcher == null) {
                return;
            }
            for (Signal signal : subscription.signals()) {
                List<Subscription> list = dispatcher.subscribers.get(signal.number());
                if (list.remove(subscription) && list.isEmpty()) {
                    dispatcher.leftIgnored.remove(signal);
                    if (dispatcher.installed.remove(signal)) {
                        dispatcher.restore(signal);
                    }
                }
            }
            dispatcher.publishRoute();
            dispatcher.stopIfIdle();
        }
    }

    /** The running backend, if a dispatcher runs. */
    static @Nullable Capture capture() {
        synchronized (LOCK) {
            return current == null ? null : current.capture;
        }
    }

    /** The signals whose handler we installed, and those left ignored. */
    static Set<Signal> installed() {
        synchronized (LOCK) {
            return current == null ? Set.of() : Set.copyOf(current.installed);
        }
    }

    static Set<Signal> leftIgnored() {
        synchronized (LOCK) {
            return current == null ? Set.of() : Set.copyOf(current.leftIgnored);
        }
    }

    /** Whether a dispatcher runs (false when nobody subscribes, or after it gave up). */
    static boolean isAlive() {
        synchronized (LOCK) {
            return current != null && current.thread.isAlive();
        }
    }

    private static Dispatcher running(Backend requested) {
        Dispatcher dispatcher = current;
        if (dispatcher != null) {
            Backend actual = dispatcher.capture.backend();
            if (requested != Backend.AUTO && requested != actual) {
                throw new IllegalStateException("The " + requested.name().toLowerCase() + " signal backend was requested, but the "
                        + actual.name().toLowerCase() + " backend already runs in this JVM for other subscribers (" + dispatcher.capture.reason()
                        + "). Signal handlers are process-wide: request backend auto, or the same backend everywhere.");
            }
            return dispatcher;
        }
        awaitPreviousThread();
        Capture capture = Captures.open(requested);
        if (requested == Backend.AUTO && capture.backend() == Backend.JVM) {
            log.warn("Graceful Signals falls back to the jvm backend ({}): no sender details, no real-time signals, and"
                    + " slower delivery. See docs/troubleshooting.md.", capture.reason());
        } else {
            log.info("Graceful Signals uses the {} backend: {}", capture.backend().name().toLowerCase(), capture.reason());
        }
        dispatcher = new Dispatcher(capture);
        current = dispatcher;
        previousThread = dispatcher.thread;
        dispatcher.thread.start();
        return dispatcher;
    }

    /**
     * A stopped dispatcher's thread may still be delivering its last wake-up. Give it a moment, so it
     * cannot take counters meant for the new one; never wait on ourselves, nor forever on a listener
     * that hangs (that is why stopping itself never waits).
     */
    private static void awaitPreviousThread() {
        Thread previous = previousThread;
        if (previous != null && previous != Thread.currentThread()) {
            try {
                previous.join(2_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void restore(Signal signal) {
        try {
            if (!capture.restore(signal)) {
                log.warn("Did not restore the previous action of {}: another handler replaced ours and stays installed", signal);
            }
        } catch (RuntimeException failure) {
            log.error("Could not restore the previous action of {}", signal, failure);
        }
    }

    /** Stops, synchronously and without waiting for the dispatcher thread, when nobody subscribes any more. */
    private void stopIfIdle() {
        if (installed.isEmpty() && subscribers.stream().allMatch(List::isEmpty)) {
            stop();
        }
    }

    private void stop() {
        stopped = true;
        if (current == this) {
            current = null;
        }
        try {
            capture.stop();
        } catch (RuntimeException failure) {
            log.error("Could not stop the {} signal capture cleanly", capture.backend(), failure);
        }
    }

    private void publishRoute() {
        Subscription[][] bySignal = new Subscription[Signal.RTMAX + 1][];
        for (Signal signal : installed) {
            bySignal[signal.number()] = subscribers.get(signal.number()).toArray(NONE);
        }
        route = new Route(installed.toArray(new Signal[0]), bySignal);
    }

    @Override
    public void run() {
        int failures = 0;
        try {
            while (!stopped) {
                try {
                    if (!capture.awaitWakeUp()) {
                        if (!stopped) {
                            giveUp(new IllegalStateException("the signal pipe reached end of file although nobody stopped"
                                    + " the dispatcher: something in the process closed its write end"));
                        }
                        return;
                    }
                    if (stopped) {
                        return;
                    }
                    failures = 0;
                    dispatch(route);
                } catch (InterruptedException interrupted) {
                    // Only a stop ends this thread; the JVM backend's semaphore is the one place this can come from.
                    Thread.interrupted();
                } catch (Throwable unexpected) {
                    // Listener failures are caught per listener; this is the backend itself.
                    if (++failures >= FAILURES_BEFORE_GIVING_UP) {
                        giveUp(unexpected);
                        return;
                    }
                    log.error("The signal dispatcher hit an unexpected error and continues", unexpected);
                    pauseAfterFailure();
                }
            }
        } finally {
            try {
                capture.close();
            } catch (RuntimeException failure) {
                log.error("Could not release the {} signal capture", capture.backend(), failure);
            }
        }
    }

    /** Never silently deaf: a backend that keeps failing gives every signal back to the JVM's own handling. */
    private void giveUp(Throwable cause) {
        synchronized (LOCK) {
            List<Signal> restored = List.copyOf(installed);
            restored.forEach(this::restore);
            installed.clear();
            leftIgnored.clear();
            subscribers.forEach(List::clear);
            publishRoute();
            stop();
            // Logged once the handlers are back, so whoever reads it can rely on the JVM's behaviour.
            log.error("The signal dispatcher cannot go on; restored the previous handlers of {} so the JVM's own behaviour"
                    + " applies again (TERM, INT and HUP end the process through its shutdown hooks)", restored, cause);
        }
    }

    /** Takes the counters (after the pipe was drained, so nothing is lost) and delivers each signal that fired. */
    private void dispatch(Route route) {
        for (Signal signal : route.signals()) {
            SignalReceived received = capture.take(signal);
            if (received == null) {
                continue;
            }
            log.debug("Dispatching {}", received);
            for (Subscription subscription : route.bySignal()[signal.number()]) {
                subscription.deliver(received);
            }
        }
    }

    private static void pauseAfterFailure() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Dispatcher[" + capture.backend() + ", " + Arrays.toString(route.signals()) + "]";
    }
}
