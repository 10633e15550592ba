package dev.gracefulsignals.signal;

import com.sun.jna.Native;

/**
 * The boundary with the C in {@code src/main/c/gracefulsignals.c}: one Java method per exported
 * function, bound by JNA direct mapping. Only the C handler runs in signal context; these calls run
 * in normal context.
 */
final class NativeHandler {

    /** The library's base name: JNA loads {@code linux-x86-64/libgracefulsignals.so} from the class path. */
    static final String LIBRARY = "gracefulsignals";

    private static boolean registered;

    private NativeHandler() {
    }

    /** Binds the natives on first call; throws {@link UnsatisfiedLinkError} (or another {@link LinkageError}) when the library cannot load. */
    static synchronized void load() {
        if (!registered) {
            Native.register(NativeHandler.class, LIBRARY);
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
}
