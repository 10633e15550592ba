package dev.gracefulsignals.autoconfigure;

import dev.gracefulsignals.signal.BackendUnavailableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** {@code graceful.backend=native} where the native library cannot load: the settings and platforms that work. */
final class BackendUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<BackendUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BackendUnavailableException cause) {
        return new FailureAnalysis("graceful.backend=native asks for the native signal backend, but " + cause.reason() + ".",
                "Set graceful.backend=auto (the default: the native backend where it loads, the JVM backend elsewhere) or "
                        + "graceful.backend=jvm, or run on Linux x86-64 (glibc or musl) or Linux aarch64 (glibc), where the native library loads.",
                cause);
    }
}
