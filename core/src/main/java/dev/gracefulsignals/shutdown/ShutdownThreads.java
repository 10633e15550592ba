package dev.gracefulsignals.shutdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads a shutdown runs on, made before the signal so that no shortage of threads or memory then can stop
 * them: the parked sequence thread that a signal's sequence is handed to, the non-daemon keep-alive that holds the
 * JVM up until the exit was called, and the JVM shutdown hook that notices the JVM exiting during a sequence. Also
 * the stack checks every part of the shutdown uses to tell a {@code System.exit} call from the JVM ending on its own.
 */
public final class ShutdownThreads {

    /** The coordinator's logger: these lines are part of the shutdown's story. */
    private static final Logger log = LoggerFactory.getLogger(ShutdownCoordinator.class);

    /** The sequence thread, parked until a signal's sequence is handed to it. */
    private final ParkedThread parked = new ParkedThread("graceful-shutdown");
    /** The thread made for the sequence when the parked one could not take it. */
    private volatile @Nullable Thread sequenceThread;
    private volatile @Nullable Thread jvmExitWatch;
    /** Keeps the JVM up during a signal's shutdown; see {@link #prepareKeepAlive}. */
    private volatile @Nullable Thread keeper;

    ShutdownThreads() {
    }

    /** Parks the sequence thread and registers {@code onJvmExit} as a JVM shutdown hook. */
    void prepare(Runnable onJvmExit) {
        // Daemon while parked so an application whose main returns still ends; the keep-alive keeps the JVM up once begun.
        parked.start();
        Thread exitWatch = new Thread(onJvmExit, "graceful-shutdown-exit-report");
        Runtime.getRuntime().addShutdownHook(exitWatch);
        jvmExitWatch = exitWatch;
    }

    /** Runs {@code work} on the parked sequence thread, or on a new one when there is none to hand it to. */
    void runSequence(Runnable work) {
        if (!parked.hand(work)) {
            Thread sequence = new Thread(work, "graceful-shutdown");
            sequenceThread = sequence;
            sequence.start();
        }
    }

    /** Whether the thread runs the sequence started by a signal (or is the prepared thread that would). */
    boolean isSequenceThread(Thread thread) {
        return parked.is(thread) || thread == sequenceThread;
    }

    /**
     * Lets the parked sequence thread go unless it was handed a sequence, lets the keep-alive go unless a signal's
     * shutdown still has to exit, and stops watching for the JVM's exit.
     */
    void dispose(boolean signalShutdownBeforeTheExit) {
        parked.release();
        Thread keeping = keeper;
        if (keeping != null && !signalShutdownBeforeTheExit) {
            keeping.interrupt(); // no signal's shutdown to keep the JVM up for: it ends
        }
        Thread exitWatch = jvmExitWatch;
        if (exitWatch != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitWatch);
            } catch (IllegalStateException alreadyExiting) {
                // the hook runs and writes the report if the sequence cannot
            }
        }
    }

    /**
     * Makes, now, the non-daemon keep-alive, when the application has non-daemon threads of its own (a web server's):
     * the shutdown itself ends them (stop-intake stops the server), and a JVM whose last non-daemon thread ended ends
     * on its own, cutting the hooks and the report. Made before any signal, so a process at its pids limit still has
     * it. Until a signal's shutdown begins it only joins those threads and ends when they have, so an application that
     * ends on its own still does; {@link #keepJvmAlive} then wakes it into the keep-alive.
     */
    void prepareKeepAlive(BooleanSupplier signalShutdownBeforeTheExit, CountDownLatch exitCalled) {
        if (keeper != null) {
            return;
        }
        List<Thread> nonDaemon = nonDaemonThreadsButThisOne();
        if (nonDaemon.isEmpty()) {
            return; // nothing keeps the JVM up but the caller (main): a keeper now would keep it from ending
        }
        Thread made = new Thread(new KeepAlive(nonDaemon, signalShutdownBeforeTheExit, exitCalled), "graceful-shutdown-keep-alive");
        made.setDaemon(false);
        made.start();
        keeper = made;
    }

    private static List<Thread> nonDaemonThreadsButThisOne() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int count = root.enumerate(all, true);
        List<Thread> found = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread thread = all[i];
            if (thread != Thread.currentThread() && !thread.isDaemon() && thread.isAlive() && !thread.getName().equals("DestroyJavaVM")) {
                found.add(thread);
            }
        }
        return found;
    }

    /**
     * The parked sequence thread is a daemon; a non-daemon companion keeps the JVM up until the sequence
     * has called the process exit, even if every other non-daemon thread (the web server's) ends
     * meanwhile. Not until the report is written: the report comes just before the exit, and a JVM
     * that ended in between would exit 0, not with the sequence's code. Bounded by the deadline, which
     * halts a sequence that never gets to its exit. The one {@link #prepareKeepAlive} made is woken into that
     * role; without one a thread is made now, best effort: if none can be made, the sequence still runs (and the
     * native exit guard still gives the process the sequence's status).
     */
    void keepJvmAlive(BooleanSupplier signalShutdownBeforeTheExit, CountDownLatch exitCalled) {
        Thread prepared = keeper;
        if (prepared != null && prepared.isAlive()) {
            prepared.interrupt(); // from waiting for the application's threads to waiting for the exit
            return;
        }
        try {
            Thread made = new Thread(new KeepAlive(List.of(), signalShutdownBeforeTheExit, exitCalled), "graceful-shutdown-keep-alive");
            made.setDaemon(false);
            made.start();
            keeper = made;
        } catch (Throwable noThread) { // OutOfMemoryError "unable to create native thread" included: the sequence matters more
            log.warn("Could not start the thread that keeps the JVM up during the shutdown ({}); the shutdown goes on", noThread.toString());
        }
    }

    /**
     * The keep-alive thread's work: waits for the application's own non-daemon threads while no shutdown runs (an
     * interrupt ends that: a signal's shutdown began, or the context was disposed of), then, during a signal's
     * shutdown, until the process exit was called.
     */
    private static final class KeepAlive implements Runnable {

        private final List<Thread> whileRunning;
        private final BooleanSupplier signalShutdownBeforeTheExit;
        private final CountDownLatch exitCalled;

        KeepAlive(List<Thread> whileRunning, BooleanSupplier signalShutdownBeforeTheExit, CountDownLatch exitCalled) {
            this.whileRunning = whileRunning;
            this.signalShutdownBeforeTheExit = signalShutdownBeforeTheExit;
            this.exitCalled = exitCalled;
        }

        @Override
        public void run() {
            try {
                for (Thread thread : whileRunning) {
                    thread.join();
                }
            } catch (InterruptedException shutdownOrDisposed) {
                // look at what happened below
            }
            while (signalShutdownBeforeTheExit.getAsBoolean()) {
                try {
                    exitCalled.await();
                } catch (InterruptedException late) {
                    // a second wake-up: the condition above decides
                }
            }
        }
    }

    /** Whether the thread is inside {@code System.exit}, waiting for the JVM's shutdown hooks. */
    public static boolean callsSystemExit(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals("java.lang.Shutdown")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a thread other than {@code except} is inside a {@code System.exit} call (not the JVM ending on its own). */
    static boolean someoneCalledSystemExit(@Nullable Thread except) {
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            if (entry.getKey() != except && calledExit(entry.getKey(), entry.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Whether these frames are a {@code System.exit} call ({@code Runtime.exit}), not the JVM ending on its own ({@code Shutdown.shutdown}). */
    private static boolean calledExit(Thread thread, StackTraceElement[] frames) {
        for (StackTraceElement frame : frames) {
            if (frame.getMethodName().equals("exit")
                    && (frame.getClassName().equals("java.lang.Runtime") || frame.getClassName().equals("java.lang.Shutdown"))) {
                return thread.isAlive();
            }
        }
        return false;
    }

    /** Whether the thread is in {@code java.lang.Shutdown}'s halt: the hooks have run, only the JVM's native exit is left. */
    static boolean inTheJvmsLastExitStep(Thread thread) {
        StackTraceElement[] frames = thread.getStackTrace();
        if (frames.length == 0 || !frames[0].getClassName().equals("java.lang.Shutdown")) {
            return false;
        }
        String method = frames[0].getMethodName();
        return method.equals("halt0") || method.equals("halt") || method.equals("beforeHalt");
    }

    static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            dump.append('"').append(thread.getName()).append("\" ").append(thread.isDaemon() ? "daemon " : "")
                    .append(thread.getState()).append('\n');
            for (StackTraceElement frame : entry.getValue()) {
                dump.append("\tat ").append(frame).append('\n');
            }
        }
        return dump.toString();
    }
}
