package dev.gracefulsignals.autoconfigure.actuate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.signal.Signal;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN when our handler is no longer the installed action of a signal it handles: another library
 * (or {@code sun.misc.Signal.handle}, or a {@code sigaction} call) replaced it, and that signal no
 * longer reaches the application. Checked against the kernel's installed action at each call on the
 * native backend; the jvm backend cannot tell and stays UP. DOWN too when a handled signal cannot be
 * delivered to any thread (it stays blocked in the dispatcher threads' signal mask), with the reason.
 *
 * <p>During a shutdown the readiness group is already OUT_OF_SERVICE through the availability state.
 */
public class SignalsHealthIndicator extends AbstractHealthIndicator {

    public SignalsHealthIndicator() {
        super("Signal handler check failed");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<Signal> handled = Signals.handled().stream().sorted().toList();
        List<String> evicted = handled.stream().filter(signal -> !Signals.isHandlerInstalled(signal)).map(Signal::name).toList();
        builder.withDetail("backend", Signals.backend().map(backend -> backend.name().toLowerCase()).orElse("none"))
                .withDetail("handled", handled.stream().map(Signal::name).toList());
        if (!Signals.leftIgnored().isEmpty()) {
            builder.withDetail("leftIgnored", SignalsEndpoint.names(Signals.leftIgnored()));
        }
        Map<String, String> undeliverable = new TreeMap<>();
        Signals.undeliverable().forEach((signal, reason) -> undeliverable.put(signal.name(), reason));
        if (evicted.isEmpty() && undeliverable.isEmpty()) {
            builder.up();
            return;
        }
        builder.down();
        if (!evicted.isEmpty()) {
            builder.withDetail("evicted", evicted)
                    .withDetail("reason", "another handler replaced ours; these signals no longer reach the application");
        }
        if (!undeliverable.isEmpty()) {
            builder.withDetail("undeliverable", undeliverable);
        }
    }
}
