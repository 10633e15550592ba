package dev.gracefulsignals.signal;

import com.sun.jna.Platform;

/** Opens the capture backend a caller asked for, falling back with a reason when {@link Backend#AUTO} cannot load the native one. */
public final class Captures {

    private Captures() {
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
        String unsupported = unsupportedPlatform();
        Throwable loadFailure = null;
        if (unsupported == null) {
            try {
                return new NativeCapture(requested == Backend.NATIVE ? "requested (backend=native)" : "native library loaded");
            } catch (LinkageError | RuntimeException failure) {
                unsupported = "the native library did not load (" + failure + ")";
                loadFailure = failure;
            }
        }
        if (requested == Backend.NATIVE) {
            throw new BackendUnavailableException(unsupported, loadFailure);
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
