package dev.gracefulsignals.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link GracefulSignalsConfigurationException}, wherever it sits in the cause chain (a bean creation or
 * initialization exception usually wraps it), into Spring Boot's "APPLICATION FAILED TO START" report: it carries its
 * own description and action. The core's exceptions, which know nothing of Spring properties, have analyzers of their
 * own ({@link ForbiddenSignalFailureAnalyzer}, {@link BackendUnavailableFailureAnalyzer}).
 */
final class GracefulSignalsFailureAnalyzer extends AbstractFailureAnalyzer<GracefulSignalsConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, GracefulSignalsConfigurationException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
