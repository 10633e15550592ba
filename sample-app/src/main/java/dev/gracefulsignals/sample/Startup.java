package dev.gracefulsignals.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Starts the long task and tells the user what to try. */
@Component
public class Startup {

    private static final Logger log = LoggerFactory.getLogger(Startup.class);

    private final BackgroundWork background;
    private final Greeting greeting;
    private final Environment environment;

    public Startup(BackgroundWork background, Greeting greeting, Environment environment) {
        this.background = background;
        this.greeting = greeting;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        background.reindex();
        long pid = ProcessHandle.current().pid();
        String port = environment.getProperty("local.server.port", "8080");
        log.info("""
                Sample app ready: pid {}, port {}. Try, from another terminal:
                  curl localhost:{}/work?ms=5000 & kill -TERM {}   10 s drain delay (readiness 503), the request completes, exit 143
                  kill -USR1 {}                                     a status line in this log
                  echo Bonjour > {}; kill -HUP {}; curl localhost:{}/greeting
                  curl localhost:{}/actuator/health/readiness       curl localhost:{}/actuator/prometheus
                  Ctrl+C here                                       no drain delay; again to hurry, a third time to halt (exit 130)""",
                pid, port, port, pid, pid, greeting.file(), pid, port, port, port);
    }
}
