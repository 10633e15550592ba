package dev.gracefulsignals.signal;

/**
 * Thrown when an application asks to handle a signal that the kernel or the JVM needs for itself.
 * The message names the signal, the reason and what to use instead.
 */
public final class ForbiddenSignalException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Signal signal;

    ForbiddenSignalException(Signal signal, String reason) {
        super(signal + " cannot be handled: " + reason);
        this.signal = signal;
    }

    /** The signal that was refused. */
    public Signal signal() {
        return signal;
    }
}
