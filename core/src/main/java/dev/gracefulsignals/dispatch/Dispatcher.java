package dev.gracefulsignals.dispatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Capture;
import dev.gracefulsignals.signal.Captures;
import dev.gracefulsignals.signal.ExitGuard;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide dispatcher: one capture backend, and threads named {@value #THREAD_NAME}-N that
 * wait on it. The thread that wakes runs the listeners itself (no hand-over, no second wake-up),
 * while another thread keeps waiting, so a slow listener never delays another signal, a shutdown
 * signal or a deadline (leader/follower). Each subscription has a {@link Lane} per signal: its
 * deliveries stay in order and coalesce, counts added, while it is busy. At most
 * {@value #READERS} threads wait (and one spare idles), and a lane runs on at most one thread, so the threads are bounded
 * by the subscribed signals, never by the number of deliveries.
 *
 * <p>It starts with the first subscription and stops, closing the pipe, when the last one closes;
 * signal dispositions are process-wide, so every user in the JVM shares it. All state changes happen
 * under {@link #LOCK}; the threads read an immutable routing snapshot, so delivery takes no lock but
 * the short intake lock that keeps the order of deliveries across readers.
 */
final class Dispatcher {

    static final String THREAD_NAME = "graceful-signals";

    /** Threads that wait on the capture: one is woken, the other goes on waiting while the first runs listeners. */
    private static final int READERS = 2;

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Object LOCK = new Object();

    /** The running dispatcher, or null. Guarded by LOCK. */
    private static @Nullable Dispatcher current;
    /** The last dispatcher, whose threads may still be finishing after its stop. Guarded by LOCK. */
    private static @Nullable Dispatcher previous;

    /** After this many consecutive backend failures the dispatcher gives the signals back to the JVM. */
    private static final int FAILURES_BEFORE_GIVING_UP = 10;

    private final Capture capture;
    /** The threads: readers, and lanes handed over when one wake-up claims several. Idle ones end after a while. */
    private final ThreadPoolExecutor threads;
    /** Threads in the reader role (waiting, or about to). */
    private final AtomicInteger readers = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    /** Held while counters are taken and offered to lanes, so deliveries of a signal enter its lanes in the order taken. */
    private final Object intake = new Object();
    /** Threads that may still read the capture; the last one out after a stop closes it. Guarded by itself. */
    private final int[] usingCapture = new int[1];
    private boolean released;
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Subscribers per signal number, in subscription order. Guarded by LOCK for writes. */
    private final List<List<Subscription>> subscribers = new ArrayList<>();
    /** Signals whose handler is ours, and signals left ignored (nohup). Guarded by LOCK. */
    private final Set<Signal> installed = new TreeSet<>();
    private final Set<Signal> leftIgnored = new TreeSet<>();
    /** Taken signals that no thread of ours can receive, with why. */
    private final Map<Signal, String> undeliverable = new ConcurrentHashMap<>();
    /** What the threads read: the installed signals and their lanes, indexed by number. */
    private volatile Route route = new Route(0, new Signal[0], new Lane[Signal.RTMAX + 1][]);
    /** Set, under LOCK, when the last subscriber left; the capture is stopped then and never revived. */
    private volatile boolean stopped;

    private record Route(int version, Signal[] signals, Lane[][] bySignal) {
    }

    /** A thread of ours remembers which routing's signals it has unblocked. */
    private static final class DispatchThread extends Thread {
        private int unblockedVersion = -1;

        DispatchThread(Runnable task, String name) {
            super(task, name);
            setDaemon(true);
        }
    }

    private Dispatcher(Capture capture) {
        this.capture = capture;
        for (int i = 0; i <= Signal.RTMAX; i++) {
            subscribers.add(new ArrayList<>());
        }
        AtomicInteger numbers = new AtomicInteger();
        // The readers and one spare stay: a wake-up that claims two lanes (TERM's shutdown and its event) hands the
        // second to the spare instead of starting a thread first. More threads end after a minute idle.
        this.threads = new ThreadPoolExecutor(READERS + 1, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> new DispatchThread(task, THREAD_NAME + "-" + numbers.incrementAndGet()));
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
            // Loops, not streams, on the way in: this runs on an application's main thread at start-up, where each
            // lambda is a class to spin.
            List<Signal> toInstall = new ArrayList<>();
            for (Signal signal : signals) {
                if (!dispatcher.installed.contains(signal)) {
                    toInstall.add(signal);
                }
            }
            // The route first, the handlers second: a delivery that finds our handler installed wakes the
            // dispatcher after this publication, so the snapshot it reads after draining already routes it.
            dispatcher.installed.addAll(toInstall);
            for (Signal signal : signals) {
                dispatcher.subscribers.get(signal.number()).add(subscription);
            }
            dispatcher.publishRoute();
            List<Signal> newlyInstalled = new ArrayList<>();
            try {
                for (Signal signal : toInstall) {
                    if (dispatcher.capture.install(signal, options.forceOverIgnored()) == Capture.Installed.LEFT_IGNORED) {
                        dispatcher.installed.remove(signal);
                        ignored.add(signal);
                        if (dispatcher.leftIgnored.add(signal)) {
                            log.warn("{} was inherited as ignored (SIG_IGN, as under nohup); leaving it ignored, so it will not be"
                                    + " delivered. To take it anyway, subscribe with SubscribeOptions.forceOverIgnored(true)"
                                    + " (graceful.take-ignored=true with the Spring Boot starter).", signal);
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
            // Wake a reader, so our threads unblock the new signals before the caller relies on them.
            dispatcher.capture.wakeUp();
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
            return current != null && !current.stopped;
        }
    }

    /** Taken signals none of our threads can receive, with the reason; empty when all can. */
    static Map<Signal, String> undeliverable() {
        synchronized (LOCK) {
            return current == null ? Map.of() : Map.copyOf(current.undeliverable);
        }
    }

    private static Dispatcher running(Backend requested) {
        Dispatcher dispatcher = current;
        if (dispatcher != null) {
            Backend actual = dispatcher.capture.backend();
            if (requested != Backend.AUTO && requested != actual) {
                throw new IllegalStateException("The " + requested.name().toLowerCase(Locale.ROOT) + " signal backend was requested, but the "
                        + actual.name().toLowerCase(Locale.ROOT) + " backend already runs in this JVM for other subscribers (" + dispatcher.capture.reason()
                        + "). Signal handlers are process-wide: request backend auto, or the same backend everywhere.");
            }
            return dispatcher;
        }
        awaitPrevious();
        Capture capture = Captures.open(requested);
        if (requested == Backend.AUTO && capture.backend() == Backend.JVM) {
            log.warn("Graceful Signals falls back to the jvm backend ({}): no sender details, no real-time signals, and"
                    + " slower delivery. See docs/troubleshooting.md.", capture.reason());
        } else {
            log.info("Graceful Signals uses the {} backend: {}", capture.backend().name().toLowerCase(Locale.ROOT), capture.reason());
        }
        dispatcher = new Dispatcher(capture);
        current = dispatcher;
        previous = dispatcher;
        for (int i = 0; i < READERS; i++) {
            dispatcher.startReader();
        }
        dispatcher.threads.prestartCoreThread();
        return dispatcher;
    }

    /**
     * A stopped dispatcher's readers may still be taking their last wake-up. Give them a moment, so
     * they cannot take counters meant for the new one; never wait forever (a listener may hang, which
     * is why stopping itself never waits).
     */
    private static void awaitPrevious() {
        Dispatcher last = previous;
        if (last != null && !(Thread.currentThread() instanceof DispatchThread)) {
            try {
                last.closed.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void restore(Signal signal) {
        if (ExitGuard.holdsHandlers()) {
            // The process is ending: the previous action may be a default one (USR1's, HUP's: terminate) that would
            // end it before its report and exit, with another status. Ours stays: a late signal is counted, no more.
            log.debug("Left the handler of {} installed: the process is ending", signal);
            return;
        }
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
        if (!installed.isEmpty()) {
            return;
        }
        for (List<Subscription> list : subscribers) { // a loop: this runs on the way out, where no lambda should need linking
            if (!list.isEmpty()) {
                return;
            }
        }
        stop();
    }

    private void stop() {
        synchronized (usingCapture) {
            stopped = true;
        }
        if (current == this) {
            current = null;
        }
        try {
            capture.stop();
        } catch (RuntimeException failure) {
            log.error("Could not stop the {} signal capture cleanly", capture.backend(), failure);
        }
        threads.shutdown(); // idle threads end now, busy ones when their listener returns
        synchronized (usingCapture) {
            if (usingCapture[0] == 0) {
                release();
            }
        }
    }

    private void publishRoute() {
        Lane[][] bySignal = new Lane[Signal.RTMAX + 1][];
        for (Signal signal : installed) {
            List<Subscription> list = subscribers.get(signal.number());
            Lane[] lanes = new Lane[list.size()];
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = list.get(i).lane(signal);
            }
            bySignal[signal.number()] = lanes;
        }
        route = new Route(route.version() + 1, installed.toArray(new Signal[0]), bySignal);
    }

    private void startReader() {
        readers.incrementAndGet();
        try {
            threads.execute(this::read);
        } catch (RejectedExecutionException stopping) {
            readers.decrementAndGet();
        } catch (OutOfMemoryError | RuntimeException noThread) {
            // No thread to be had now (a pids limit, "unable to create native thread"): this thread reads
            // again after its listeners; what it claimed must still run.
            readers.decrementAndGet();
            log.warn("Could not start another signal reader ({}); this thread reads again after its listeners", noThread.toString());
        }
    }

    /** Whether the calling thread may read the capture: false once stopped. Pair with {@link #leaveCapture()}. */
    private boolean enterCapture() {
        synchronized (usingCapture) {
            if (stopped) {
                return false;
            }
            usingCapture[0]++;
            return true;
        }
    }

    private void leaveCapture() {
        synchronized (usingCapture) {
            if (--usingCapture[0] == 0 && stopped) {
                release();
            }
        }
    }

    /** Closes the capture once nobody reads it. Called holding usingCapture. */
    private void release() {
        if (released) {
            return;
        }
        released = true;
        try {
            capture.close();
        } catch (RuntimeException failure) {
            log.error("Could not release the {} signal capture", capture.backend(), failure);
        } finally {
            closed.countDown();
        }
    }

    /**
     * A reader: waits for a wake-up, takes what fired, and runs the lanes it claimed itself, after
     * making sure another reader waits meanwhile. Then it waits again, unless enough others do.
     */
    private void read() {
        boolean reading = enterCapture();
        try {
            while (reading) {
                unblock(route);
                if (!awaitWakeUp()) {
                    return;
                }
                List<Lane> claimed = intake(route);
                if (claimed.isEmpty()) {
                    continue;
                }
                leaveCapture();
                reading = false;
                if (readers.decrementAndGet() == 0) {
                    startReader(); // nobody else waits: one must, while this thread runs listeners
                }
                for (int i = 1; i < claimed.size(); i++) {
                    hand(claimed.get(i));
                }
                claimed.get(0).run();
                if (readers.incrementAndGet() > READERS) {
                    readers.decrementAndGet();
                    return; // enough others wait: back to the pool
                }
                reading = enterCapture();
                if (!reading) {
                    readers.decrementAndGet();
                }
            }
        } finally {
            if (reading) {
                leaveCapture();
                readers.decrementAndGet();
            }
        }
    }

    /** Waits for a wake-up; false when the reader must end (stopped, or the backend failed for good). */
    private boolean awaitWakeUp() {
        while (!stopped) {
            try {
                if (!capture.awaitWakeUp()) {
                    if (!stopped) {
                        giveUp(new IllegalStateException("the signal pipe reached end of file although nobody stopped"
                                + " the dispatcher: something in the process closed its write end"));
                    }
                    return false;
                }
                failures.set(0);
                return !stopped;
            } catch (InterruptedException interrupted) {
                // Only a stop ends a reader; the JVM backend's semaphore is the one place this can come from.
                Thread.interrupted();
            } catch (Throwable unexpected) {
                if (failures.incrementAndGet() >= FAILURES_BEFORE_GIVING_UP) {
                    giveUp(unexpected);
                    return false;
                }
                log.error("The signal dispatcher hit an unexpected error and continues", unexpected);
                pauseAfterFailure();
            }
        }
        return false;
    }

    /**
     * Our threads unblock the signals they take (a process may inherit them blocked), once per routing
     * on each thread. A signal still blocked afterwards is recorded as undeliverable.
     */
    private void unblock(Route routing) {
        if (!(Thread.currentThread() instanceof DispatchThread thread) || thread.unblockedVersion == routing.version()) {
            return;
        }
        thread.unblockedVersion = routing.version();
        List<Signal> signals = Arrays.asList(routing.signals());
        if (signals.isEmpty()) {
            return;
        }
        try {
            Set<Signal> blocked = SignalMask.unblockOnThisThread(signals);
            signals.stream().filter(signal -> !blocked.contains(signal)).forEach(undeliverable::remove);
            blocked.forEach(signal -> recordUndeliverable(signal, "it stays blocked in the dispatcher thread's signal mask"));
        } catch (IllegalStateException failure) {
            if (capture.backend() == Backend.NATIVE) {
                // Without our threads unblocking them, signals blocked in the inherited mask may reach nobody. Say so once.
                signals.forEach(signal -> recordUndeliverable(signal, "could not unblock it on the dispatcher thread: " + failure.getMessage()));
            } else {
                // The jvm backend runs where libc may not be reachable at all (another OS): nothing to tell from here.
                log.debug("Could not unblock {} on the dispatcher thread", signals, failure);
            }
        }
    }

    private void recordUndeliverable(Signal signal, String reason) {
        if (undeliverable.put(signal, reason) == null) {
            log.error("{} may never be delivered: {}. Start the process without {} blocked in its signal mask.", signal, reason,
                    signal);
        }
    }

    /** Runs a claimed lane on its subscription's executor, or on another of our threads. */
    private void hand(Lane lane) {
        Executor executor = lane.subscription().executor();
        try {
            (executor == null ? threads : executor).execute(lane);
            return;
        } catch (RejectedExecutionException | OutOfMemoryError rejected) {
            if (executor != null) {
                log.warn("The executor of listener {} rejected a delivery; delivering on a dispatcher thread instead",
                        lane.subscription().listener());
            }
        }
        try {
            threads.execute(lane);
        } catch (RejectedExecutionException | OutOfMemoryError noThread) {
            // Stopping, or no thread to be had now: deliver here rather than drop what was taken (a TERM among it).
            lane.run();
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

    /**
     * Takes the counters (after the pipe was drained, so nothing is lost) and offers each signal that
     * fired to its lanes. Lanes with an executor go there once the counters are taken; returns the idle lanes without one,
     * which this thread now owns.
     */
    private List<Lane> intake(Route routing) {
        List<Lane> claimed = new ArrayList<>(2);
        List<Lane> toExecutors = List.of();
        List<Lane> mergedInto = List.of();
        List<SignalReceived> merged = List.of();
        synchronized (intake) {
            for (Signal signal : routing.signals()) {
                SignalReceived received = capture.take(signal);
                if (received == null) {
                    continue;
                }
                log.debug("Dispatching {}", received);
                for (Lane lane : routing.bySignal()[signal.number()]) {
                    if (lane.offer(received)) {
                        if (lane.subscription().executor() == null) {
                            claimed.add(lane);
                        } else {
                            if (toExecutors.isEmpty()) {
                                toExecutors = new ArrayList<>(2);
                            }
                            toExecutors.add(lane);
                        }
                    } else {
                        if (mergedInto.isEmpty()) {
                            mergedInto = new ArrayList<>(2);
                            merged = new ArrayList<>(2);
                        }
                        mergedInto.add(lane);
                        merged.add(received);
                    }
                }
            }
        }
        // Outside the lock: a user's executor may run the listener on this thread (CallerRunsPolicy), and
        // no other reader may wait for that to take its own signals.
        for (Lane lane : toExecutors) {
            hand(lane);
        }
        for (int i = 0; i < mergedInto.size(); i++) {
            mergedInto.get(i).subscription().merged(merged.get(i));
        }
        return claimed;
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
