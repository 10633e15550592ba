package dev.gracefulsignals.autoconfigure;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The application's web server (Tomcat, Jetty, Reactor Netty alike) in stop-intake. Boot's graceful-shutdown
 * lifecycle stops accepting and drains the requests in flight ({@code server.shutdown=graceful}); once it has,
 * Boot's start-stop lifecycle stops the server, so nothing is accepted during cancel-tasks and the hooks.
 * With {@code server.shutdown=immediate} Boot reports the drain done at once, so the server stops at once
 * and the requests in flight are cut, as that setting asks, before the hooks rather than at close-context.
 * Both lifecycles are then no longer running: Boot's lifecycle stop at context close finds nothing to do.
 *
 * <p>The server is stopped on stop-intake's own thread (in {@link #poll()}), never on a server's drain thread.
 */
final class WebServerIntake implements Intake {

    static final String GRACEFUL_LIFECYCLE = "org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle";
    private static final String SERVLET_START_STOP = "org.springframework.boot.web.server.servlet.context.WebServerStartStopLifecycle";
    private static final String REACTIVE_START_STOP = "org.springframework.boot.web.server.reactive.context.WebServerStartStopLifecycle";

    private static final Logger log = LoggerFactory.getLogger(WebServerIntake.class);

    private final ConfigurableApplicationContext context;
    private final ConfigurableListableBeanFactory beans;
    /** The {@code done} of the stop under way, until it is called. */
    private volatile @Nullable Runnable done;
    /** Set by the server's drain (on any thread) once the requests in flight are done, or at once for immediate. */
    private volatile @Nullable Drained drained;

    WebServerIntake(ConfigurableApplicationContext context) {
        this.context = context;
        this.beans = context.getBeanFactory();
    }

    @Override
    public String name() {
        return "web server";
    }

    @Override
    public void stop(Runnable done) {
        List<SmartLifecycle> drains = LifecycleIntake.running(beans, GRACEFUL_LIFECYCLE);
        Drained drained = new Drained(drains.size());
        this.drained = drained;
        this.done = done;
        for (SmartLifecycle drain : drains) {
            drain.stop(drained);
        }
        poll();
    }

    /** On stop-intake's thread: once the drain is done, stops the server and calls {@code done}. */
    @Override
    public void poll() {
        Drained drained = this.drained;
        Runnable done = this.done;
        if (done == null || drained == null || !drained.all()) {
            return;
        }
        this.done = null;
        try {
            stopServer();
        } finally {
            done.run();
        }
    }

    private void stopServer() {
        stopAll(SERVLET_START_STOP);
        stopAll(REACTIVE_START_STOP);
    }

    private void stopAll(String typeName) {
        for (SmartLifecycle server : LifecycleIntake.running(beans, typeName)) {
            try {
                server.stop();
            } catch (RuntimeException failure) {
                log.error("Stopping the web server failed; the shutdown goes on", failure);
            }
        }
    }

    /**
     * Each drain's callback; all done once every drain has called it. A named class, not a lambda: this
     * runs after the signal, where linking a lambda costs ~1 ms.
     */
    private static final class Drained implements Runnable {

        private final AtomicInteger left;

        Drained(int drains) {
            this.left = new AtomicInteger(drains);
        }

        @Override
        public void run() {
            left.decrementAndGet();
        }

        boolean all() {
            return left.get() <= 0;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
