package dev.gracefulsignals.shutdown;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

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

    /** Lets the parked sequence thread go unless it was handed a sequence, and stops watching for the JVM's exit. */
    void dispose() {
        parked.release();
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
     * The parked sequence thread is a daemon; a non-daemon companion keeps the JVM up until the sequence
     * has called the process exit, even if every other non-daemon thread (the web server's) ends
     * meanwhile. Not until the report is written: the report comes just before the exit, and a JVM
     * that ended in between would exit 0, not with the sequence's code. Bounded by the deadline, which
     * halts a sequence that never gets to its exit. Best effort: if no thread can be made now, the
     * sequence still runs.
     */
    static void keepJvmAlive(CountDownLatch exitCalled) {
        try {
            Thread keeper = new Thread(new KeepAlive(exitCalled), "graceful-shutdown-keep-alive");
            keeper.setDaemon(false);
            keeper.start();
        } catch (Throwable noThread) { // OutOfMemoryError "unable to create native thread" included: the sequence matters more
            log.warn("Could not start the thread that keeps the JVM up during the shutdown ({}); the shutdown goes on", noThread.toString());
        }
    }

    /** The keep-alive thread's work: waits until the process exit was called. */
    private static final class KeepAlive implements Runnable {

        private final CountDownLatch exitCalled;

        KeepAlive(CountDownLatch exitCalled) {
            this.exitCalled = exitCalled;
        }

        @Override
        public void run() {
            try {
                exitCalled.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
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
