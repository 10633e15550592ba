package dev.gracefulsignals.autoconfigure;

import dev.gracefulsignals.signal.ForbiddenSignalException;
import dev.gracefulsignals.signal.Signal;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A signal the starter may not take (the JVM's, the kernel's, or job control without the opt-in): the action in the starter's terms. */
final class ForbiddenSignalFailureAnalyzer extends AbstractFailureAnalyzer<ForbiddenSignalException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ForbiddenSignalException cause) {
        return new FailureAnalysis(cause.getMessage() + ".", action(cause.signal()), cause);
    }

    private static String action(Signal signal) {
        if (signal.policy() == Signal.Policy.JOB_CONTROL) {
            return "Set graceful.allow-job-control=true to take " + signal.name() + ", or choose another signal.";
        }
        return "Choose a signal the JVM leaves free: HUP, INT, TERM, USR1, WINCH, ALRM, or a real-time signal such as"
                + " RTMIN+3 (in a property, graceful.signals[rtmin+3]). Remove " + signal.name()
                + " from @OnSignal and from graceful.signals.";
    }
}
