package dev.gracefulsignals.autoconfigure.actuate;

import java.util.Locale;

import dev.gracefulsignals.autoconfigure.GracefulSignalsConfigurationException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.health.contributor.Status;

/**
 * How the {@code signals} health contributor reports a handler that another library evicted, under
 * {@code graceful.health.*}.
 */
@ConfigurationProperties("graceful.health")
public class SignalsHealthProperties {

    /**
     * Status of the signals health contributor while another library has replaced our handler for a
     * signal the application handles. The default, EVICTED, is shown on the component but left out of
     * the aggregate /actuator/health and every group (Spring Boot aggregates only the statuses of
     * management.endpoint.health.status.order), and answers HTTP 200. DOWN (or OUT_OF_SERVICE) fails
     * the aggregate and every group that includes the contributor.
     */
    private String evictedStatus = "EVICTED";

    public String getEvictedStatus() {
        return evictedStatus;
    }

    public void setEvictedStatus(String evictedStatus) {
        this.evictedStatus = evictedStatus;
    }

    /** The configured status, in Spring Boot's spelling ({@code down} and {@code out-of-service} are accepted). */
    Status evictedStatus() {
        if (evictedStatus == null || evictedStatus.isBlank()) {
            throw new GracefulSignalsConfigurationException(
                    "graceful.health.evicted-status is empty.",
                    "Set it to a health status code: EVICTED (the default, which does not fail the aggregate) or DOWN.");
        }
        return new Status(evictedStatus.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
