package dev.gracefulsignals.signal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the end of the process independent of the JVM's own exit, which can be stuck below
 * {@code System.exit} (a thread the GC waits for that could not be made, at a pids limit) while holding
 * the lock {@code Runtime.halt} waits for. Three parts, all in the native library:
 * <ul>
 * <li>a guard thread of plain C, made by {@link #start()} when the application starts (never when a signal
 * arrives), that ends the process with {@code _exit(2)} when an armed deadline passes, whatever the JVM is
 * doing;</li>
 * <li>{@link #exitNow(int)}: {@code _exit(2)} from the calling thread, no lock, no thread, no JVM;</li>
 * <li>an exit-status correction: a JVM that ends with status 0 while a shutdown that reports another status
 * is under way (its last non-daemon thread ended on its own) ends with that status instead.</li>
 * </ul>
 * Once a shutdown that ends the process has begun ({@link #processEnds}), closing a subscription leaves its
 * handler installed: the process must not die of a signal's default action (USR1's, HUP's: terminate) between
 * the context's close and its exit.
 *
 * <p>Where the native library cannot load, the guard does not run: {@link #exitNow(int)} is
 * {@code Runtime.halt}, the best the JVM offers, and a stuck JVM exit stays stuck until the orchestrator's
 * SIGKILL. Internal: the shutdown coordinator uses it.
 */
public final class ExitGuard {

    private static final Logger log = LoggerFactory.getLogger(ExitGuard.class);

    private static boolean started;
    private static boolean tried;
    /** The armed deadline (System.nanoTime) and status, so the status can change without moving the deadline. */
    private static long deadlineNanos;
    private static int status = -1;
    private static volatile boolean processEnding;

    private ExitGuard() {
    }

    /**
     * Loads the native library if it can and starts the guard thread, once. Call at start-up, while a thread can
     * still be made. Returns whether the guard runs.
     */
    public static synchronized boolean start() {
        if (tried) {
            return started;
        }
        tried = true;
        try {
            NativeHandler.load();
            int result = NativeHandler.gs_guard_start();
            started = result == 0;
            if (!started) {
                log.warn("Could not start the native exit guard (pthread_create: error {}); a JVM exit that gets stuck"
                        + " will not be ended at the shutdown deadline", result);
            }
        } catch (LinkageError | RuntimeException unavailable) {
            log.debug("No native exit guard ({}): the deadline halts through Runtime.halt", unavailable.toString());
        }
        return started;
    }

    /** Whether the guard runs: the process ends by the deadline even when the JVM cannot. */
    public static synchronized boolean isRunning() {
        return started;
    }

    /**
     * The process is going to end: the guard ends it at {@code deadline} ({@link System#nanoTime()}) at the latest, with
     * {@code guardStatus}; from now on handlers stay installed when their subscriptions close.
     */
    public static synchronized void processEnds(long deadline, int guardStatus) {
        processEnding = true;
        deadlineNanos = deadline;
        status = guardStatus;
        arm();
    }

    /**
     * The status the process ends with, now that it is known: the guard's, and the one a JVM that ends with 0 on its
     * own is given instead.
     */
    public static synchronized void status(int exitStatus) {
        status = exitStatus;
        arm();
        if (started) {
            NativeHandler.gs_expect_status(exitStatus);
        }
    }

    /** Brings the guard's deadline to {@code deadline} if that is sooner (an exit that should end in moments). */
    public static synchronized void endBy(long deadline) {
        if (deadlineNanos == 0 || deadline - deadlineNanos < 0) {
            deadlineNanos = deadline;
            arm();
        }
    }

    private static void arm() {
        if (started && deadlineNanos != 0) {
            NativeHandler.gs_guard_arm(deadlineNanos, status);
        }
    }

    /** Ends the process now with {@code exitStatus}: {@code _exit(2)}, or {@code Runtime.halt} without the native library. */
    public static void exitNow(int exitStatus) {
        if (isRunning()) {
            NativeHandler.gs_exit(exitStatus);
        }
        Runtime.getRuntime().halt(exitStatus);
    }

    /**
     * Whether a handler must stay installed when its last subscriber leaves: the process is ending (a shutdown that
     * ends it began, or the JVM runs its shutdown hooks), and putting back a default action could end it first.
     */
    public static boolean holdsHandlers() {
        return processEnding || jvmIsExiting();
    }

    /** Whether the JVM runs its shutdown hooks ({@code System.exit}, the last non-daemon thread ended, or a JVM-handled signal). */
    public static boolean jvmIsExiting() {
        Thread probe = new Thread(); // never started: a hook to register, nothing to run
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shutdownInProgress) {
            return true;
        }
    }
}
