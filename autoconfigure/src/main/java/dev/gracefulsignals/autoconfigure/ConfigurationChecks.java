package dev.gracefulsignals.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.SignalAction;
import org.springframework.core.env.Environment;
import org.springframework.validation.Errors;

/**
 * Every check of the configuration, in one place, and all of them before the context is refreshed, so a mistake
 * fails the start with Boot's failure report naming the property and the fix: the properties as they bind
 * ({@link GracefulSignalsProperties} is their {@code Validator}), keys that are no longer read, a deadline the drain
 * delay fills, and {@code @OnSignal} methods whose signal is never delivered.
 */
public final class ConfigurationChecks {

    /** What an unbracketed graceful.signals.rtmin+3 becomes once the binder dropped its '+'. */
    private static final Pattern LOST_PLUS = Pattern.compile("(?:sig)?rtmin(\\d+)");

    /** The least time the sequence needs after the drain delay: stop intake, run hooks, close. */
    public static final Duration MINIMUM_AFTER_DRAIN = Duration.ofSeconds(1);

    private ConfigurationChecks() {
    }

    /** The properties, as the binder validates them: global errors for {@code graceful.signals}, field errors for the rest. */
    static void properties(GracefulSignalsProperties properties, Errors errors) {
        // Global errors that name the key as written and the action in lower case: a field error would print
        // Boot's "Value" line with the enum's upper-case name and the key as the binder mangled it.
        Map<Signal, Set<String>> keysBySignal = new TreeMap<>();
        // Loops rather than lambdas here and in the parsing methods: they run on the main thread at every start-up.
        for (Map.Entry<String, SignalAction> entry : properties.getSignals().entrySet()) {
            String name = entry.getKey();
            SignalAction action = entry.getValue();
            String assignment = key(name) + "=" + actionName(action);
            Matcher lostPlus = LOST_PLUS.matcher(name);
            if (lostPlus.matches()) {
                errors.reject("invalid-signal", assignment + " is no signal: Spring Boot drops the '+' from a key outside brackets,"
                        + " so graceful.signals.rtmin+" + lostPlus.group(1) + " arrives as '" + name + "'. Write the key in brackets: "
                        + "graceful.signals[rtmin+" + lostPlus.group(1) + "]=" + actionName(action));
                continue;
            }
            try {
                Signal signal = Signal.of(name);
                keysBySignal.computeIfAbsent(signal, any -> new TreeSet<>()).add(name);
                if (action != SignalAction.NONE) {
                    signal.checkHandleable(properties.isAllowJobControl());
                }
            } catch (IllegalArgumentException invalid) {
                errors.reject("invalid-signal", assignment + ": " + invalid.getMessage());
            }
        }
        for (Map.Entry<Signal, Set<String>> entry : keysBySignal.entrySet()) {
            Signal signal = entry.getKey();
            Set<String> names = entry.getValue();
            if (names.size() > 1) {
                // The binder keeps both keys and which one wins depends on property source order: refuse to guess.
                errors.reject("duplicate-signal", names.stream().map(name -> key(name) + "=" + actionName(properties.getSignals().get(name)))
                        .collect(Collectors.joining(" and ")) + " both set the action of " + signal.name()
                        + "; keep one of these keys and remove the other");
            }
        }
        if (properties.getAsyncThreads() < 1) {
            errors.rejectValue("asyncThreads", "not-positive", "must be at least 1: @OnSignal(async = true) methods need a thread");
        }
        GracefulSignalsProperties.Shutdown shutdown = properties.getShutdown();
        rejectNegative(errors, "shutdown.drainDelay", shutdown.getDrainDelay());
        rejectNegative(errors, "shutdown.taskGracePeriod", shutdown.getTaskGracePeriod());
        rejectNonPositive(errors, "shutdown.timeout", shutdown.getTimeout());
        rejectNonPositive(errors, "shutdown.hookTimeout", shutdown.getHookTimeout());
        rejectNonPositive(errors, "shutdown.listenerTimeout", shutdown.getListenerTimeout());
        rejectNegative(errors, "shutdown.repeatWindow", shutdown.getRepeatWindow());
        rejectNonPositive(errors, "shutdown.hurriedHookTimeout", shutdown.getHurriedHookTimeout());
        for (int i = 0; i < shutdown.getDrainDelaySignals().size(); i++) {
            try {
                Signal.of(shutdown.getDrainDelaySignals().get(i));
            } catch (IllegalArgumentException invalid) {
                errors.rejectValue("shutdown.drainDelaySignals[" + i + "]", "invalid-signal", invalid.getMessage());
            }
        }
    }

    /** The key as the user writes it: dotted for plain names, in brackets for names such as rtmin+3 that need them. */
    private static String key(String name) {
        return name.matches("[a-z0-9-]+") ? "graceful.signals." + name : "graceful.signals[" + name + "]";
    }

    private static String actionName(SignalAction action) {
        return action.name().toLowerCase(Locale.ROOT);
    }

    private static void rejectNegative(Errors errors, String field, Duration value) {
        if (value.isNegative()) {
            errors.rejectValue(field, "negative-duration", "must not be negative, was " + value + "; use a duration such as 0s, 500ms or 5s");
        }
    }

    private static void rejectNonPositive(Errors errors, String field, Duration value) {
        if (value.isNegative() || value.isZero()) {
            errors.rejectValue(field, "non-positive-duration", "must be positive, was " + value + "; use a duration such as 10s or 1m");
        }
    }

    /** Keys that are no longer read: ignoring one silently would change what the user asked for. */
    public static void removedKeys(Environment environment) {
        if (environment.containsProperty("graceful.shutdown.halt-on-repeat")) {
            // Read no more: ignoring it silently would turn a user's "halt" into a hurry.
            throw new GracefulSignalsConfigurationException("graceful.shutdown.halt-on-repeat is set, but it is no longer read:"
                    + " a repeated shutdown signal now hurries the shutdown before a further one halts it.",
                    "Replace it with graceful.shutdown.on-repeat=halt (what halt-on-repeat=true did), hurry (the default) or ignore.");
        }
    }

    /**
     * A deadline that the drain delay (almost) fills halts every shutdown that waits it: refuse to start.
     * Hook timeouts beyond the deadline are only warned about (at start-up, by the shutdown): the
     * deadline still bounds them, and one hook may well have a long timeout while the others are quick.
     */
    public static void deadline(GracefulSignalsProperties.Shutdown settings) {
        if (settings.getTimeout().compareTo(settings.getDrainDelay().plus(MINIMUM_AFTER_DRAIN)) < 0) {
            throw new GracefulSignalsConfigurationException(
                    "graceful.shutdown.timeout (" + settings.getTimeout().toMillis() + " ms) leaves less than "
                            + MINIMUM_AFTER_DRAIN.toMillis() + " ms after graceful.shutdown.drain-delay (" + settings.getDrainDelay().toMillis()
                            + " ms): every shutdown that waits the drain delay would be halted at the deadline before its hooks run.",
                    "Raise graceful.shutdown.timeout to at least graceful.shutdown.drain-delay plus " + MINIMUM_AFTER_DRAIN.toSeconds()
                            + "s (plus what the hooks need), or lower graceful.shutdown.drain-delay.");
        }
    }

    /**
     * {@code @OnSignal} methods (described, by signal) whose signal the actions leave ignored or to the JVM: they would
     * never run.
     */
    public static void onSignalMethods(Map<Signal, List<String>> methods, Map<Signal, SignalAction> actions) {
        for (Map.Entry<Signal, List<String>> entry : new TreeMap<>(methods).entrySet()) {
            Signal signal = entry.getKey();
            SignalAction action = actions.get(signal);
            if (action == SignalAction.IGNORE || action == SignalAction.NONE) {
                String key = "graceful.signals." + signal.name().toLowerCase(Locale.ROOT);
                throw new GracefulSignalsConfigurationException("@OnSignal methods " + String.join(", ", entry.getValue()) + " handle " + signal
                        + ", but " + key + "=" + actionName(action) + " means it is never delivered.",
                        "Remove " + key + " or set it to event, reload or shutdown; or remove the @OnSignal methods.");
            }
        }
    }
}
