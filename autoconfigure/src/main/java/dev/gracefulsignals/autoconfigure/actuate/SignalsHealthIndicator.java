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
 * Whether every signal the application handles can reach it. Two faults, reported differently because
 * they mean different things to an operator:
 *
 * <ul>
 * <li><b>Undeliverable</b>: a handled signal stays blocked in the signal mask of every thread that
 * could receive it (see {@code Signals.undeliverable()}), so it can never arrive: a TERM from
 * Kubernetes, systemd or {@code docker stop} waits for SIGKILL and the graceful shutdown never runs.
 * Reported as {@code graceful.health.undeliverable-status}, DOWN by default, so it fails the aggregate
 * {@code /actuator/health} where monitoring alerts; the reason per signal is under {@code undeliverable}.
 * <li><b>Evicted</b>: another library ({@code sun.misc.Signal.handle}, a {@code sigaction} call)
 * replaced our handler. Reported as {@code graceful.health.evicted-status}, by default {@code EVICTED},
 * a status Spring Boot's aggregation leaves out, so a probe or load balancer pointed at
 * {@code /actuator/health} does not restart or drop a pod that still serves; {@code DOWN} opts in.
 * Checked against the kernel at each call on the native backend; the jvm backend cannot tell.
 * </ul>
 *
 * When both apply, the undeliverable status is reported (and both details are shown). The contributor is
 * in no probe group by default: restarting does not change a mask the process inherits, and every
 * replica started the same way shares it.
 *
 * <p>During a shutdown the readiness group is already OUT_OF_SERVICE through the availability state.
 */
public class SignalsHealthIndicator extends AbstractHealthIndicator {

    private final HandlerEviction eviction;
    private final Status evictedStatus;
    private final Status undeliverableStatus;

    /**
     * @param eviction            the check
     * @param evictedStatus       what to report while a handler is evicted
     * @param undeliverableStatus what to report while a handled signal can never arrive
     */
    public SignalsHealthIndicator(HandlerEviction eviction, Status evictedStatus, Status undeliverableStatus) {
        super("Signal handler check failed");
        this.eviction = eviction;
        this.evictedStatus = evictedStatus;
        this.undeliverableStatus = undeliverableStatus;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<Signal> handled = Signals.handled().stream().sorted().toList();
        List<Signal> evicted = eviction.evicted();
        builder.withDetail("backend", Signals.backend().map(backend -> backend.name().toLowerCase(Locale.ROOT)).orElse("none"))
                .withDetail("handled", handled.stream().map(Signal::name).toList())
                .withDetail("fallback", Signals.fellBack());
        if (Signals.fellBack()) {
            builder.withDetail("backendReason", Signals.backendReason().orElse(""));
        }
        if (!Signals.leftIgnored().isEmpty()) {
            builder.withDetail("leftIgnored", SignalsEndpoint.names(Signals.leftIgnored()));
        }
        Map<String, String> undeliverable = new TreeMap<>();
        Signals.undeliverable().forEach((signal, reason) -> undeliverable.put(signal.name(), reason));
        if (evicted.isEmpty() && undeliverable.isEmpty()) {
            builder.up();
            return;
        }
        // A signal nobody can receive turns a graceful stop into a SIGKILL: the graver fault decides the status.
        builder.status(undeliverable.isEmpty() ? evictedStatus : undeliverableStatus);
        if (!evicted.isEmpty()) {
            builder.withDetail("evicted", evicted.stream().map(Signal::name).toList())
                    .withDetail("reason", "another handler replaced ours; these signals no longer reach the application");
        }
        if (!undeliverable.isEmpty()) {
            builder.withDetail("undeliverable", undeliverable);
        }
    }
}
