package dev.gracefulsignals.brokenapp;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.gracefulsignals.spring.OnSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that loses requests on a deploy although it uses the starter, for the rehearsal to catch: no drain
 * delay (readiness turns 503 and the server stops its intake at once, before a load balancer has noticed), and a
 * cleanup in the wrong place, an {@code @OnSignal("TERM")} method that closes the pool while requests still use it
 * (the right place is a {@code ShutdownHook}, which runs after the requests in flight have finished).
 *
 * <p>Outside {@code dev.gracefulsignals.sample} on purpose: the sample's component scan covers that package and
 * everything under it, test classes included, and must not find this application's beans.
 */
@SpringBootApplication
public class BrokenDrainApp {

    public static void main(String[] args) {
        new SpringApplicationBuilder(BrokenDrainApp.class)
                // The sample's application.properties is on the same class path: not this application's settings.
                .properties("spring.config.name=broken-drain-app", "graceful.shutdown.drain-delay=0s")
                .run(args);
    }

    /** Stands for a connection pool: unusable once closed. */
    @Component
    static class Pool {
        private final AtomicBoolean closed = new AtomicBoolean();

        String query() {
            if (closed.get()) {
                throw new IllegalStateException("pool closed");
            }
            return "ok\n";
        }

        void close() {
            closed.set(true);
        }
    }

    @RestController
    static class Work {
        private final Pool pool;

        Work(Pool pool) {
            this.pool = pool;
        }

        /** Takes {@code ms}, then asks the pool: a request in flight at TERM finds it closed and answers 500. */
        @GetMapping("/work")
        String work(@RequestParam(defaultValue = "0") long ms) throws InterruptedException {
            Thread.sleep(ms);
            return pool.query();
        }
    }

    /** The mistake: cleanup on the signal itself, first of all, while the server still has requests in flight. */
    @Component
    static class ClosePoolOnTerm {
        private static final Logger log = LoggerFactory.getLogger(ClosePoolOnTerm.class);
        private final Pool pool;

        ClosePoolOnTerm(Pool pool) {
            this.pool = pool;
        }

        @OnSignal("TERM")
        void closePool() {
            pool.close();
            log.info("closed the pool on TERM");
        }
    }
}
