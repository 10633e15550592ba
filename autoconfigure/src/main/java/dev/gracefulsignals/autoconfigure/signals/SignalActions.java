package dev.gracefulsignals.autoconfigure.signals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.signal.Backend;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.SignalAction;

/**
 * The actions table: what each signal does (the defaults, then {@code event} for the signals of {@code @OnSignal}
 * methods, then {@code graceful.signals}), which signals have which action, and the one summary line logged once the
 * signals are taken. The table is checked with the methods in {@code ConfigurationChecks.onSignalMethods}.
 */
final class SignalActions {

    private SignalActions() {
    }

    /** Defaults (TERM, INT: shutdown; HUP: reload), then event for @OnSignal signals, then the configuration. */
    static Map<Signal, SignalAction> resolve(Map<Signal, SignalAction> configured, Set<Signal> methodSignals) {
        Map<Signal, SignalAction> actions = new LinkedHashMap<>();
        actions.put(Signal.TERM, SignalAction.SHUTDOWN);
        actions.put(Signal.INT, SignalAction.SHUTDOWN);
        actions.put(Signal.HUP, SignalAction.RELOAD);
        for (Signal signal : methodSignals) {
            actions.putIfAbsent(signal, SignalAction.EVENT);
        }
        actions.putAll(configured);
        return actions;
    }

    /** One line, signals by number: what each does, and which were left ignored and how to take them. */
    static void logSummary(Map<Signal, SignalAction> resolved) {
        Set<Signal> leftIgnored = Signals.leftIgnored();
        StringJoiner handled = new StringJoiner(", ");
        for (Map.Entry<Signal, SignalAction> entry : new TreeMap<>(resolved).entrySet()) { // signals sort by number
            if (entry.getValue() != SignalAction.NONE && !leftIgnored.contains(entry.getKey())) {
                handled.add(entry.getKey().name() + "=" + entry.getValue().name().toLowerCase(Locale.ROOT));
            }
        }
        Optional<Backend> running = Signals.backend();
        String backend = (running.isPresent() ? running.get().name().toLowerCase(Locale.ROOT) : "no") + " backend: "
                + Signals.backendReason().orElse("none");
        if (leftIgnored.isEmpty()) {
            SignalBridge.log.info("Graceful Signals handles {} ({})", handled, backend);
        } else {
            StringJoiner ignored = new StringJoiner(", ");
            for (Signal signal : new TreeSet<>(leftIgnored)) {
                ignored.add(signal.name());
            }
            // HotSpot installs nothing over an inherited SIG_IGN, so on the jvm backend forcing cannot help.
            String fix = running.isPresent() && running.get() == Backend.JVM
                    ? "Start the process with default dispositions (without nohup, or with 'env --default-signal'): the jvm backend cannot take an ignored signal."
                    : "Set graceful.take-ignored=true to take them anyway.";
            SignalBridge.log.warn("Graceful Signals handles {} ({}); left {} ignored: the process inherited them as ignored (SIG_IGN, as"
                    + " nohup, or '&' in a non-interactive shell, leave them), so they are never delivered. {}",
                    handled.length() == 0 ? "nothing" : handled, backend, ignored, fix);
        }
    }

    /** The signals whose action is one of {@code wanted}, in the table's order. */
    static List<Signal> with(Map<Signal, SignalAction> actions, SignalAction... wanted) {
        Set<SignalAction> set = Set.of(wanted);
        List<Signal> signals = new ArrayList<>();
        for (Map.Entry<Signal, SignalAction> entry : actions.entrySet()) {
            if (set.contains(entry.getValue())) {
                signals.add(entry.getKey());
            }
        }
        return signals;
    }
}
