package dev.gracefulsignals.autoconfigure.jfr;

import java.util.Locale;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import dev.gracefulsignals.autoconfigure.signals.SignalDeliveryObserver;
import dev.gracefulsignals.jfr.FlightRecorderEvents;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * JDK Flight Recorder events for each signal handled and each step of the shutdown (see {@code docs/metrics.md}).
 * Always on where the runtime has the {@code jdk.jfr} module: the events cost one check while no recording runs, and
 * a recording's settings switch them off like any other event.
 */
@AutoConfiguration(after = GracefulSignalsAutoConfiguration.class)
@ConditionalOnClass(name = "jdk.jfr.Event")
@ConditionalOnBean(GracefulShutdown.class)
public final class FlightRecorderAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlightRecorderEvents flightRecorderEvents() {
        return new FlightRecorderEvents();
    }

    @Bean
    SignalDeliveryObserver flightRecorderSignalEvents(FlightRecorderEvents events) {
        return (received, action) -> events.signalHandled(received, action.name().toLowerCase(Locale.ROOT));
    }
}
