package dev.gracefulsignals.signal;

import com.sun.jna.Native;

/**
 * The boundary with the C in {@code src/main/c/gracefulsignals.c}: one Java method per exported
 * function, bound by JNA direct mapping. Only the C handler runs in signal context; these calls run
 * in normal context.
 */
final class NativeHandler {

    private static boolean registered;

    private NativeHandler() {
    }

    /**
     * Binds the natives to this platform's library ({@link NativePlatform}) on first call; throws
     * {@link UnsatisfiedLinkError} (or another {@link LinkageError}) when it is absent or cannot load.
     */
    static synchronized void load() {
        if (!registered) {
            Native.register(NativeHandler.class, NativePlatform.current().open(NativeHandler.class.getClassLoader()));
            registered = true;
        }
    }

    static native void gs_attach(int writeFd);

    static native void gs_detach();

    static native int gs_install(int signal, int force);

    static native int gs_restore(int signal);

    static native int gs_query(int signal, long[] out);

    static native long gs_take(int signal, long[] out);

    static native int gs_sigrtmin();

    static native int gs_sigrtmax();

    /** Starts the exit guard's thread; 0 or an error number. */
    static native int gs_guard_start();

    /** At CLOCK_MONOTONIC {@code deadlineNanos} (the clock of {@link System#nanoTime()} on Linux) the guard calls _exit(status); 0 disarms. */
    static native int gs_guard_arm(long deadlineNanos, int status);

    /** The status a JVM that ends with 0 is given instead; -1 none. */
    static native void gs_expect_status(int status);

    /** _exit(2). */
    static native void gs_exit(int status);

    /** Whether {@link #load()} has bound the natives. */
    static synchronized boolean loaded() {
        return registered;
    }
}
