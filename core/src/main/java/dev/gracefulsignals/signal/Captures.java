package dev.gracefulsignals.signal;

import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

/** Opens the capture backend a caller asked for, falling back with a reason when {@link Backend#AUTO} cannot load the native one. */
public final class Captures {

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
                if (unsupportedPlatform() == null) {
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
     * @throws IllegalStateException when {@link Backend#NATIVE} was asked for and cannot load, naming the cause and the alternatives
     */
    public static Capture open(Backend requested) {
        if (requested == Backend.JVM) {
            return new JvmCapture("requested (backend=jvm)");
        }
        awaitPrepared();
        String unsupported = unsupportedPlatform();
        if (unsupported == null) {
            try {
                return new NativeCapture(requested == Backend.NATIVE ? "requested (backend=native)" : "native library loaded");
            } catch (LinkageError | RuntimeException failure) {
                unsupported = "the native library did not load (" + failure + ")";
            }
        }
        if (requested == Backend.NATIVE) {
            throw new IllegalStateException("The native signal backend was requested but " + unsupported
                    + ". Use backend auto (falls back to the JVM backend) or jvm, or run on Linux x86-64 with glibc.");
        }
        return new JvmCapture("fallback: " + unsupported);
    }

    private static String unsupportedPlatform() {
        if (!Platform.isLinux() || !Platform.is64Bit() || !"x86-64".equals(Platform.ARCH)) {
            return "the native library is built for Linux x86-64 only, this is " + Platform.RESOURCE_PREFIX;
        }
        return null;
    }
}
