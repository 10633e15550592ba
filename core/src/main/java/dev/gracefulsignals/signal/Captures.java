package dev.gracefulsignals.signal;

import dev.gracefulsignals.internal.LibC;
import org.jspecify.annotations.Nullable;

/** Opens the capture backend a caller asked for, falling back with a reason when {@link Backend#AUTO} cannot load the native one. */
public final class Captures {

    /** How the reason of a jvm backend that runs because the native one could not load begins. */
    public static final String FALLBACK = "fallback: ";


    /** The thread binding the native code ahead of {@link #open}, or null. Guarded by Captures.class. */
    private static @Nullable Thread preparing;

    private Captures() {
    }

    /**
     * Binds JNA and loads the native library on a background thread, so that {@link #open} (which waits for
     * it) finds them ready: an application can call this early and go on starting meanwhile. Never throws;
     * a failure shows when the backend is opened.
     */
    public static synchronized void prepare(Backend requested) {
        if (requested == Backend.JVM || preparing != null) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                if (NativePlatform.current().unavailable(Captures.class.getClassLoader()) == null) {
                    NativeHandler.load();
                    LibC.getpid();
                }
            } catch (LinkageError | RuntimeException failure) {
                // open() loads again and reports why
            }
        }, "graceful-signals-prepare");
        thread.setDaemon(true);
        preparing = thread;
        thread.start();
    }

    private static void awaitPrepared() {
        Thread thread;
        synchronized (Captures.class) {
            thread = preparing;
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(30_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Opens a backend.
     *
     * @throws BackendUnavailableException when {@link Backend#NATIVE} was asked for and cannot load, naming the cause and the alternatives
     */
    public static Capture open(Backend requested) {
        if (requested == Backend.JVM) {
            return new JvmCapture("requested (backend=jvm)");
        }
        awaitPrepared();
        String unsupported = NativePlatform.current().unavailable(Captures.class.getClassLoader());
        Throwable loadFailure = null;
        if (unsupported == null) {
            try {
                return new NativeCapture(requested == Backend.NATIVE ? "requested (backend=native)" : "native library loaded");
            } catch (LinkageError | RuntimeException failure) {
                unsupported = NativePlatform.current().loadFailure(failure);
                loadFailure = failure;
            }
        }
        if (requested == Backend.NATIVE) {
            throw new BackendUnavailableException(unsupported, loadFailure);
        }
        return new JvmCapture(FALLBACK + unsupported);
    }
}
