package dev.gracefulsignals.autoconfigure;

import dev.gracefulsignals.signal.BackendUnavailableException;
import dev.gracefulsignals.signal.ForbiddenSignalException;
import dev.gracefulsignals.signal.Signal;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns our startup errors into Spring Boot's "APPLICATION FAILED TO START" report, wherever they sit
 * in the cause chain (a bean creation or initialization exception usually wraps them): the
 * configuration exception carries its own description and action; the core's exceptions, which know
 * nothing of Spring properties, get an action in the starter's terms.
 */
class GracefulSignalsFailureAnalyzer implements FailureAnalyzer {

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        GracefulSignalsConfigurationException configuration = findCause(failure, GracefulSignalsConfigurationException.class);
        if (configuration != null) {
            return new FailureAnalysis(configuration.description(), configuration.action(), configuration);
        }
        ForbiddenSignalException forbidden = findCause(failure, ForbiddenSignalException.class);
        if (forbidden != null) {
            return new FailureAnalysis(forbidden.getMessage() + ".", forbiddenAction(forbidden.signal()), forbidden);
        }
        BackendUnavailableException unavailable = findCause(failure, BackendUnavailableException.class);
        if (unavailable != null) {
            return new FailureAnalysis("graceful.backend=native asks for the native signal backend, but " + unavailable.reason() + ".",
                    "Set graceful.backend=auto (the default: the native backend where it loads, the JVM backend elsewhere) or "
                            + "graceful.backend=jvm, or run on Linux x86-64 (glibc or musl) or Linux aarch64 (glibc), where the native library loads.", unavailable);
        }
        return null;
    }

    private static String forbiddenAction(Signal signal) {
        if (signal.policy() == Signal.Policy.JOB_CONTROL) {
            return "Set graceful.allow-job-control=true to take " + signal.name() + ", or choose another signal.";
        }
        return "Choose a signal the JVM leaves free: HUP, INT, TERM, USR1, WINCH, ALRM, or a real-time signal such as"
                + " RTMIN+3 (in a property, graceful.signals[rtmin+3]). Remove " + signal.name()
                + " from @OnSignal and from graceful.signals.";
    }

    private static <T extends Throwable> @Nullable T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
