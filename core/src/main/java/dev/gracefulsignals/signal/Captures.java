package dev.gracefulsignals.signal;

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
        return new JvmCapture("fallback: " + unsupported);
    }
}
