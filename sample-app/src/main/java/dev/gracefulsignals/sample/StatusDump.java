package dev.gracefulsignals.sample;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.spring.SignalEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.stereotype.Component;

/** {@code kill -USR1 <pid>} logs what the app is doing, without stopping it. */
@Component
public class StatusDump {

    private static final Logger log = LoggerFactory.getLogger(StatusDump.class);

    private final WorkController work;
    private final BackgroundWork background;
    private final EventBuffer buffer;
    private final Greeting greeting;
    private final ApplicationAvailability availability;
    private final ShutdownToken token;

    public StatusDump(WorkController work, BackgroundWork background, EventBuffer buffer, Greeting greeting,
                      ApplicationAvailability availability, ShutdownToken token) {
        this.work = work;
        this.background = background;
        this.buffer = buffer;
        this.greeting = greeting;
        this.availability = availability;
        this.token = token;
    }

    // tag::status-dump[]
    @OnSignal("USR1")
    void dump(SignalEvent event) {
        log.info("status (asked by {}): uptime={} readiness={} in_flight={} buffered={} heartbeats={} batches={} greeting='{}' shutdown={}",
                event.getOrigin(), Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()),
                availability.getReadinessState(), work.inFlight(), buffer.size(), background.heartbeats(),
                background.batches(), greeting.current(), token.isRequested() ? "requested" : "no");
    }
    // end::status-dump[]
}
