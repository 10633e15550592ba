package dev.gracefulsignals.shutdown;

import java.util.Optional;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;

/**
 * What started a shutdown.
 *
 * @param kind   a signal, {@code System.exit} (the JVM is already exiting), or a plain context close
 *               (application code, the actuator shutdown endpoint, a test)
 * @param signal the signal, for {@link Kind#SIGNAL}
 */
public record ShutdownTrigger(Kind kind, @Nullable SignalReceived signal) {

    /** The kinds of trigger. */
    public enum Kind {
        /** A shutdown signal (TERM, INT, or any configured to shut down). The process exits with 128 + its number. */
        SIGNAL,
        /** {@code System.exit} or the end of {@code main}: the JVM's shutdown hooks are running. */
        JVM_EXIT,
        /** The application context was closed while the JVM is not exiting. */
        CONTEXT_CLOSE
    }

    public static ShutdownTrigger signal(SignalReceived signal) {
        return new ShutdownTrigger(Kind.SIGNAL, signal);
    }

    public static ShutdownTrigger jvmExit() {
        return new ShutdownTrigger(Kind.JVM_EXIT, null);
    }

    public static ShutdownTrigger contextClose() {
        return new ShutdownTrigger(Kind.CONTEXT_CLOSE, null);
    }

    /** The signal that started the shutdown, if one did. */
    public Optional<Signal> shutdownSignal() {
        return signal == null ? Optional.empty() : Optional.of(signal.signal());
    }

    /** Whether the process ends after the sequence: after a signal, or when the JVM is already exiting. */
    public boolean processExits() {
        return kind != Kind.CONTEXT_CLOSE;
    }

    /** The conventional exit code for a signal, 128 + its number (143 for TERM, 130 for INT, 129 for HUP). */
    public static int exitCodeFor(Signal signal) {
        return 128 + signal.number();
    }

    /** {@code SIGTERM}, {@code System.exit}, {@code context-close}: the report's trigger field. */
    public String label() {
        return switch (kind) {
            case SIGNAL -> String.valueOf(signal == null ? "signal" : signal.signal());
            case JVM_EXIT -> "System.exit";
            case CONTEXT_CLOSE -> "context-close";
        };
    }

    @Override
    public String toString() {
        return signal == null ? label() : signal.signal() + " from " + signal.origin();
    }
}
