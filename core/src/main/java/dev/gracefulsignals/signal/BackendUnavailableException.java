package dev.gracefulsignals.signal;

/**
 * Thrown when the native backend was asked for explicitly ({@link Backend#NATIVE}) and cannot run
 * here. {@link Backend#AUTO} never throws it: it falls back to the JVM backend.
 */
public final class BackendUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    BackendUnavailableException(String reason, Throwable cause) {
        super("The native signal backend was requested but " + reason
                + ". Use backend auto (falls back to the JVM backend) or jvm, or run on Linux x86-64 (glibc or musl) or Linux aarch64 (glibc) with the core jar of a release build.", cause);
        this.reason = reason;
    }

    /** Why the native backend cannot run, such as "the native library did not load (...)". */
    public String reason() {
        return reason;
    }
}
