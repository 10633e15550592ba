package dev.gracefulsignals.testing;

import java.util.Set;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.signal.Signal;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a signal handled once it is done: a subscription left open, or an application
 * context the test framework keeps cached. Dispositions are process-wide, so a later class's signal would reach that
 * context too (a USR1 running two contexts' listeners, a shutdown signal starting two sequences), and Spring Framework 7
 * pauses a cached context, stopping its task executor, when the next class loads its own. Runs after the Spring
 * extension has closed the class's {@code @DirtiesContext} context (auto-detected extensions' after-callbacks run
 * last). Registered for every module's tests through {@code META-INF/services}, like {@link DefaultDispositions}.
 */
public final class NoSignalOutlivesItsClass implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        Set<Signal> handled = Signals.handled();
        if (!handled.isEmpty()) {
            throw new AssertionError(context.getRequiredTestClass().getSimpleName() + " leaves " + handled + " handled after its"
                    + " tests: a subscription was not closed, or the test framework keeps a context that takes them cached, where"
                    + " a later test's signal reaches it too. Close the subscription, mark the class @DirtiesContext, or"
                    + " give the context signals of its own (TestSignals.privateSignal()).");
        }
    }
}
