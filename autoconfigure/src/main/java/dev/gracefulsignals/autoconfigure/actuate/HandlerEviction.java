package dev.gracefulsignals.autoconfigure.actuate;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.signal.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which handled signals another library took away from us: their installed action, read from the
 * kernel at each call (native backend; the jvm backend cannot look and reports none). Read by the
 * {@code signals} health contributor and the {@code signals.evicted} gauge; a change is logged once,
 * so an eviction shows in the log even where nobody reads health or meters.
 */
public final class HandlerEviction {

    private static final Logger log = LoggerFactory.getLogger(HandlerEviction.class);

    private Set<Signal> lastSeen = Set.of();

    /** The handled signals whose installed action is no longer ours, in signal order. */
    public List<Signal> evicted() {
        Set<Signal> evicted = new TreeSet<>();
        for (Signal signal : Signals.handled()) {
            if (!Signals.isHandlerInstalled(signal)) {
                evicted.add(signal);
            }
        }
        logChange(evicted);
        return List.copyOf(evicted);
    }

    private synchronized void logChange(Set<Signal> evicted) {
        if (evicted.equals(lastSeen)) {
            return;
        }
        Set<Signal> added = new TreeSet<>(evicted);
        added.removeAll(lastSeen);
        if (!added.isEmpty()) {
            log.warn("Another handler replaced ours for " + SignalsEndpoint.names(added) + ": these signals no longer reach"
                    + " the application (a library called sun.misc.Signal.handle or sigaction after the start)");
        }
        Set<Signal> back = new TreeSet<>(lastSeen);
        back.removeAll(evicted);
        if (!back.isEmpty()) {
            log.info("Our handler is installed again for " + SignalsEndpoint.names(back));
        }
        lastSeen = Set.copyOf(evicted);
    }
}
