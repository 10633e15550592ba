package dev.gracefulsignals.testing;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import dev.gracefulsignals.internal.LibC;
import dev.gracefulsignals.signal.Signal;

/** Sends real signals with {@code kill(2)} and {@code raise(3)}. */
public final class Kill {

    private Kill() {
    }

    /** Sends the signal to this JVM (process-directed: the kernel picks the thread that handles it). */
    public static void self(Signal signal) {
        LibC.kill(LibC.getpid(), signal.number());
    }

    /**
     * Sends the signal to the calling thread ({@code raise(3)}, i.e. {@code tgkill}): the handler runs on
     * this thread before the call returns, so a handler that blocked would block the caller.
     */
    public static void raise(Signal signal) {
        Raise.raise(signal.number());
    }

    public static void process(long pid, Signal signal) {
        LibC.kill(Math.toIntExact(pid), signal.number());
    }

    private static final class Raise {
        static {
            Native.register(Raise.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        static native int raise(int signal);
    }
}
