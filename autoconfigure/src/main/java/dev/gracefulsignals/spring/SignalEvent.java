package dev.gracefulsignals.spring;

import java.util.Locale;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.signal.SignalOrigin;
import dev.gracefulsignals.signal.SignalReceived;
import org.springframework.context.ApplicationEvent;

/**
 * Published for every signal the application handles (all actions but {@code ignore} and {@code none}):
 *
 * <pre>{@code
 * @EventListener
 * void on(SignalEvent event) {
 *     log.info("{} x{} from {}", event.getSignal(), event.getCount(), event.getOrigin());
 * }
 * }</pre>
 *
 * Standard signals coalesce: one event stands for {@link #getCount()} deliveries since the previous one.
 */
public class SignalEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient SignalReceived received;
    private final SignalAction action;

    public SignalEvent(Object source, SignalReceived received, SignalAction action) {
        super(source);
        this.received = received;
        this.action = action;
    }

    public Signal getSignal() {
        return received.signal();
    }

    /** Deliveries since the previous event for this signal, at least 1. */
    public long getCount() {
        return received.count();
    }

    /** Who sent the last of them. */
    public SignalOrigin getOrigin() {
        return received.origin();
    }

    /** When the native handler saw the last of them ({@link System#nanoTime()} clock). */
    public long getMonotonicNanos() {
        return received.monotonicNanos();
    }

    /** The action configured for this signal. */
    public SignalAction getAction() {
        return action;
    }

    public SignalReceived getReceived() {
        return received;
    }

    @Override
    public String toString() {
        return "SignalEvent[" + received + ", action=" + action.name().toLowerCase(Locale.ROOT) + "]";
    }
}
