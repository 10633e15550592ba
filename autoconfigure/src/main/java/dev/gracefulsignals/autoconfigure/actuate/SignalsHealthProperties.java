package dev.gracefulsignals.autoconfigure.actuate;

import java.util.Locale;

import dev.gracefulsignals.autoconfigure.GracefulSignalsConfigurationException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.health.contributor.Status;

/**
 * What the {@code signals} health contributor reports for a signal that can never arrive and for a
 * handler that another library evicted, under {@code graceful.health.*}.
 */
@ConfigurationProperties("graceful.health")
public class SignalsHealthProperties {

    /**
     * Status of the signals health contributor while a handled signal can never arrive: it stays
     * blocked in the signal mask of every thread that could receive it (see Signals.undeliverable()),
     * so a TERM from Kubernetes, systemd or docker stop waits for SIGKILL. The default, DOWN, fails
     * /actuator/health (HTTP 503) and every group that includes the contributor; the liveness and
     * readiness groups do not include it unless configured to.
     */
    private String undeliverableStatus = "DOWN";

    /**
     * Status of the signals health contributor while another library has replaced our handler for a
     * signal the application handles. The default, EVICTED, is shown on the component but left out of
     * the aggregate /actuator/health and every group (Spring Boot aggregates only the statuses of
     * management.endpoint.health.status.order), and answers HTTP 200. DOWN (or OUT_OF_SERVICE) fails
     * the aggregate and every group that includes the contributor.
     */
    private String evictedStatus = "EVICTED";

    public String getUndeliverableStatus() {
        return undeliverableStatus;
    }

    public void setUndeliverableStatus(String undeliverableStatus) {
        this.undeliverableStatus = undeliverableStatus;
    }

    public String getEvictedStatus() {
        return evictedStatus;
    }

    public void setEvictedStatus(String evictedStatus) {
        this.evictedStatus = evictedStatus;
    }

    /** The configured status for an undeliverable signal, in Spring Boot's spelling. */
    Status undeliverableStatus() {
        return status("graceful.health.undeliverable-status", undeliverableStatus, "DOWN (the default, which fails the aggregate)");
    }

    /** The configured status for an evicted handler, in Spring Boot's spelling. */
    Status evictedStatus() {
        return status("graceful.health.evicted-status", evictedStatus, "EVICTED (the default, which does not fail the aggregate) or DOWN");
    }

    /** {@code down} and {@code out-of-service} are accepted for DOWN and OUT_OF_SERVICE. */
    private static Status status(String property, String value, String choices) {
        if (value == null || value.isBlank()) {
            throw new GracefulSignalsConfigurationException(property + " is empty.", "Set it to a health status code: " + choices + ".");
        }
        return new Status(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
