package dev.gracefulsignals.autoconfigure.actuate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.signal.Signal;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Whether our handler is still the installed action of every signal the application handles. When
 * another library ({@code sun.misc.Signal.handle}, a {@code sigaction} call) replaced it, that signal
 * no longer reaches the application: the contributor then reports {@code graceful.health.evicted-status}
 * with the evicted signals in its details. By default that is {@code EVICTED}, a status Spring Boot's
 * aggregation leaves out, so a liveness probe or load balancer pointed at {@code /actuator/health}
 * does not restart or drop a pod that still serves; {@code DOWN} opts into failing the aggregate.
 * Checked against the kernel at each call on the native backend; the jvm backend cannot tell and
 * stays UP. A handled signal that no thread can receive (it stays blocked in the dispatcher threads'
 * signal mask, see {@code Signals.undeliverable()}) reports the same status, with the reason per signal
 * under {@code undeliverable}.
 *
 * <p>During a shutdown the readiness group is already OUT_OF_SERVICE through the availability state.
 */
public class SignalsHealthIndicator extends AbstractHealthIndicator {

    private final HandlerEviction eviction;
    private final Status evictedStatus;

    /**
     * @param eviction      the check
     * @param evictedStatus what to report while a handler is evicted
     */
    public SignalsHealthIndicator(HandlerEviction eviction, Status evictedStatus) {
        super("Signal handler check failed");
        this.eviction = eviction;
        this.evictedStatus = evictedStatus;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<Signal> handled = Signals.handled().stream().sorted().toList();
        List<Signal> evicted = eviction.evicted();
        builder.withDetail("backend", Signals.backend().map(backend -> backend.name().toLowerCase(Locale.ROOT)).orElse("none"))
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
        // A signal that reaches nobody is the same fault to an operator as an evicted handler: the same status.
        builder.status(evictedStatus);
        if (!evicted.isEmpty()) {
            builder.withDetail("evicted", evicted.stream().map(Signal::name).toList())
                    .withDetail("reason", "another handler replaced ours; these signals no longer reach the application");
        }
        if (!undeliverable.isEmpty()) {
            builder.withDetail("undeliverable", undeliverable);
        }
    }
}
