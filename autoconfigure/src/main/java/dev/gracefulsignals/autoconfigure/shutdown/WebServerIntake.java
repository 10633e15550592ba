package dev.gracefulsignals.autoconfigure.shutdown;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulsignals.shutdown.phase.Intake;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

/**
 * The application's web server (Tomcat, Jetty, Reactor Netty alike) in stop-intake. Boot's graceful-shutdown
 * lifecycle stops accepting and drains the requests in flight ({@code server.shutdown=graceful}); once it has,
 * Boot's start-stop lifecycle stops the server, so nothing is accepted during cancel-tasks and the hooks.
 * With {@code server.shutdown=immediate} Boot reports the drain done at once, so the server stops at once
 * and the requests in flight are cut, as that setting asks, before the hooks rather than at close-context.
 * Both lifecycles are then no longer running: Boot's lifecycle stop at context close finds nothing to do.
 *
 * <p>The server is stopped on stop-intake's own thread (in {@link #poll()}), never on a server's drain thread.
 * Where Tomcat's drain cannot start its {@code tomcat-shutdown} thread (a process at its pids limit),
 * {@link TomcatDrain} does that drain without one, polled here. Tomcat's classes are touched only when
 * Tomcat is on the class path.
 */
final class WebServerIntake implements Intake {

    static final String GRACEFUL_LIFECYCLE = "org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle";
    private static final String SERVLET_START_STOP = "org.springframework.boot.web.server.servlet.context.WebServerStartStopLifecycle";
    private static final String REACTIVE_START_STOP = "org.springframework.boot.web.server.reactive.context.WebServerStartStopLifecycle";
    private static final String TOMCAT = "org.springframework.boot.tomcat.TomcatWebServer";

    private static final Logger log = LoggerFactory.getLogger(WebServerIntake.class);

    private final ConfigurableApplicationContext context;
    private final ConfigurableListableBeanFactory beans;
    /** The {@code done} of the stop under way, until it is called. */
    private volatile @Nullable Runnable done;
    /** Set by the server's drain (on any thread) once the requests in flight are done, or at once for immediate. */
    private volatile @Nullable Drained drained;
    /** Tomcat's drain without a thread of its own, when Boot's could not start one. */
    private volatile @Nullable TomcatDrain withoutAThread;

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
            try {
                drain.stop(drained);
            } catch (OutOfMemoryError noThread) { // Tomcat's drain starts a thread there; none could be made
                drainWithoutAThread(noThread, drained);
            }
        }
        poll();
    }

    private void drainWithoutAThread(OutOfMemoryError noThread, Drained drained) {
        WebServer server = context instanceof WebServerApplicationContext web ? web.getWebServer() : null;
        if (server != null && ClassUtils.isPresent(TOMCAT, beans.getBeanClassLoader()) && TomcatDrain.appliesTo(server)) {
            log.warn("Tomcat's graceful shutdown could not start its thread ({}): stopping accepting and waiting for the"
                    + " requests in flight on {}", noThread.getMessage(), Thread.currentThread().getName());
            withoutAThread = TomcatDrain.start(server);
        } else {
            log.error("The web server's graceful shutdown failed; it is stopped at once, cutting the requests in flight", noThread);
            drained.run();
        }
    }

    /** On stop-intake's thread: once the drain is done, stops the server and calls {@code done}. */
    @Override
    public void poll() {
        Drained drained = this.drained;
        TomcatDrain tomcat = withoutAThread;
        if (tomcat != null && drained != null && tomcat.idle()) {
            withoutAThread = null;
            drained.run();
        }
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
     * Each drain's callback; all done once every drain has called it. A named class, not a lambda: the
     * exit path (see the package-info of {@code dev.gracefulsignals.shutdown}).
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
