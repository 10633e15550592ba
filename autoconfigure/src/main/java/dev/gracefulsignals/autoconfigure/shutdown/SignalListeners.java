package dev.gracefulsignals.autoconfigure.shutdown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.gracefulsignals.shutdown.ParkedThread;
import dev.gracefulsignals.shutdown.ShutdownPhase;
import dev.gracefulsignals.shutdown.ShutdownSequence;
import dev.gracefulsignals.shutdown.ShutdownThreads;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * {@code signal-listeners}: the first step of a shutdown a signal started. The {@code SignalEvent} listeners and the
 * {@code @OnSignal} methods of that signal run here, once, before readiness changes, so user work happens inside the
 * order and never beside it. They run on a thread prepared when the context was refreshed ({@code async = true}
 * methods on the async threads, alongside), and the step waits for them all, up to
 * {@code graceful.shutdown.listener-timeout}, the deadline, or a hurrying repeat. Whatever is still running then is
 * interrupted and no longer waited for, and whatever had not started yet never starts; the log names both. A listener
 * that throws is logged and the next one runs. A shutdown no signal started (a context close, {@code System.exit})
 * has no such step.
 */
public final class SignalListeners implements ShutdownPhase, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SignalListeners.class);
    static final String THREAD_NAME = "graceful-shutdown-listeners";

    /** One listener of a shutdown signal: the {@code SignalEvent}'s publication, or one {@code @OnSignal} method. */
    public interface Listener {

        /** Runs it on the calling thread. */
        void run() throws Throwable;

        /** Whether it runs on an async thread, alongside the others. */
        boolean async();

        /** How the log names it. */
        String describe();
    }

    /** Where the listeners come from: the Spring bridge. */
    public interface Source {

        /** Whether anything listens for the signal now. */
        boolean listensFor(Signal signal);

        /** The listeners of this delivery, in the order they run. */
        List<Listener> listenersFor(SignalReceived received);

        /** Runs the task on an async thread; false when none can be had now. */
        boolean runAsync(Runnable task);
    }

    private final Duration timeout;
    private volatile @Nullable Source source;
    /** The thread the listeners run on, parked when the context was refreshed. */
    private final ParkedThread prepared = new ParkedThread(THREAD_NAME);

    SignalListeners(Duration timeout) {
        this.timeout = timeout;
    }

    /** Connects the listeners (once the context knows them) and, when any listens for a shutdown signal, parks the thread they will run on. */
    public synchronized void prepare(Source listeners, boolean anyListens) {
        this.source = listeners;
        if (anyListens) {
            // Daemon: it must not keep an application up whose main returned. Started now, so a TERM at a pids limit finds it.
            prepared.start();
        }
    }

    /** Lets the parked thread go when no shutdown used it (the context is destroyed). */
    @Override
    public void destroy() {
        prepared.release();
    }

    /** Whether a shutdown started this way has the step: a signal started it and something listens for that signal. */
    @Override
    public boolean appliesTo(ShutdownTrigger trigger) {
        Source listeners = source;
        SignalReceived signal = trigger.signal();
        return listeners != null && signal != null && listeners.listensFor(signal.signal());
    }

    @Override
    public String name() {
        return "signal-listeners";
    }

    @Override
    public void run(ShutdownSequence sequence) throws InterruptedException {
        Source listeners = source;
        SignalReceived received = sequence.trigger().signal();
        if (listeners == null || received == null) {
            return;
        }
        Run run = new Run(listeners.listenersFor(received));
        List<Listener> inTurn = new ArrayList<>();
        for (Listener listener : run.all) {
            if (!listener.async() || !listeners.runAsync(new Alone(run, listener))) {
                inTurn.add(listener); // sync, or no async thread to be had: it runs in its turn on the step's thread
            }
        }
        if (!inTurn.isEmpty()) {
            hand(new InTurn(run, inTurn));
        }
        long start = System.nanoTime();
        if (sequence.awaitUntil(run, timeout)) {
            log.info("Graceful shutdown: listeners of {} done in {} ms{}", received.signal(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    run.callingSystemExit ? "; one called System.exit, which waits for the rest of the sequence" : "");
            return;
        }
        String why = sequence.hurried() ? "hurried by a repeated signal"
                : sequence.timeLeft().isZero() ? "at the deadline" : "graceful.shutdown.listener-timeout=" + timeout.toMillis() + "ms";
        run.abandon(received.signal(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), why);
    }

    /** Runs the listeners in turn on the prepared thread; else on a new one; else, with no thread to be had, here. */
    private void hand(Runnable inTurn) {
        if (prepared.hand(inTurn)) {
            return;
        }
        try {
            Thread started = new Thread(inTurn, THREAD_NAME);
            started.setDaemon(true);
            started.start();
        } catch (OutOfMemoryError noThread) {
            // A listener added after the refresh, at a pids limit: still run, here, bounded by the deadline only.
            log.warn("Could not start a thread for the shutdown signal's listeners ({}); running them on the sequence thread",
                    noThread.toString());
            inTurn.run();
        }
    }

    // Named classes, not lambdas: the exit path (see the package-info of dev.gracefulsignals.shutdown).

    /** The listeners that run one after another on the step's thread. */
    private static final class InTurn implements Runnable {

        private final Run run;
        private final List<Listener> listeners;

        InTurn(Run run, List<Listener> listeners) {
            this.run = run;
            this.listeners = listeners;
        }

        @Override
        public void run() {
            for (Listener listener : listeners) {
                run.runOne(listener);
            }
        }
    }

    /** An async listener on its own thread. */
    private static final class Alone implements Runnable {

        private final Run run;
        private final Listener listener;

        Alone(Run run, Listener listener) {
            this.run = run;
            this.listener = listener;
        }

        @Override
        public void run() {
            run.runOne(listener);
        }
    }

    /** One step's listeners: which still have to finish and which thread runs which; true once all finished. */
    private static final class Run implements BooleanSupplier {

        final List<Listener> all;
        /** Guarded by itself: what runs now, on which thread. */
        private final Map<Thread, Listener> running = new LinkedHashMap<>();
        /** Guarded by running. */
        private final List<Listener> unfinished;
        /** Guarded by running: once the step stopped waiting, nothing more starts. */
        private boolean abandoned;
        /** What is left is inside System.exit: the JVM is exiting, and that call waits for the sequence. */
        volatile boolean callingSystemExit;

        Run(List<Listener> all) {
            this.all = List.copyOf(all);
            this.unfinished = new ArrayList<>(all);
        }

        void runOne(Listener listener) {
            Thread self = Thread.currentThread();
            synchronized (running) {
                if (abandoned) {
                    return;
                }
                running.put(self, listener);
            }
            try {
                listener.run();
            } catch (Throwable failure) {
                log.error("{} failed; the other listeners still run", listener.describe(), failure);
            } finally {
                synchronized (running) {
                    running.remove(self);
                    unfinished.remove(listener);
                    // The step's interrupt was for this listener only: the thread (an async one, say) goes on clean.
                    Thread.interrupted();
                }
            }
        }

        /** True once every listener finished, or what is left is stuck in {@code System.exit} (the JVM is exiting: nothing to wait for). */
        @Override
        public boolean getAsBoolean() {
            synchronized (running) {
                if (unfinished.isEmpty()) {
                    return true;
                }
                if (running.size() < unfinished.size()) {
                    return false; // some have not started yet
                }
                for (Thread thread : running.keySet()) {
                    if (!ShutdownThreads.callsSystemExit(thread)) {
                        return false;
                    }
                }
                callingSystemExit = true;
                return true;
            }
        }

        /** Stops waiting: interrupts what runs, and keeps the rest from starting; says so. */
        void abandon(Signal signal, long waitedMillis, String why) {
            List<String> stillRunning = new ArrayList<>();
            List<String> notStarted = new ArrayList<>();
            synchronized (running) {
                abandoned = true;
                for (Map.Entry<Thread, Listener> entry : running.entrySet()) {
                    entry.getKey().interrupt();
                    stillRunning.add(entry.getValue().describe());
                }
                for (Listener listener : unfinished) {
                    if (!running.containsValue(listener)) {
                        notStarted.add(listener.describe());
                    }
                }
            }
            log.warn("Graceful shutdown: listeners of {} not done after {} ms ({}); interrupted {} and going on without waiting for"
                    + " them{}", signal, waitedMillis, why, stillRunning, notStarted.isEmpty() ? "" : "; never started: " + notStarted);
        }
    }
}
