package dev.gracefulsignals.autoconfigure.shutdown;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gracefulsignals.shutdown.phase.Intake;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * Spring gRPC's servers (Netty, shaded Netty, in-process, as Boot 4.1 makes them) in stop-intake. Spring gRPC's
 * {@code GrpcServerLifecycle} would stop them only at context close, in phase {@code Integer.MAX_VALUE}, after the
 * hooks; here each server's {@code shutdown()} refuses new calls ({@code UNAVAILABLE}) while the calls in flight, unary
 * and streaming, complete, and {@code shutdownNow()} cuts them at Boot's {@code spring.grpc.server.shutdown.grace-period}
 * or when stop-intake stops waiting ({@link #cut()}: the deadline, a hurrying repeat), whichever comes first.
 *
 * <p>A shut-down server's lifecycle is no longer running, so Spring's lifecycle stop at context close leaves it
 * alone; once the server terminated, its lifecycle's own {@code stop()} is called here (it finds nothing to wait for),
 * so Spring gRPC still publishes its shutdown and terminated events and lets go of the server.
 *
 * <p>The servers are taken from Spring gRPC's {@code GrpcServerStartedEvent} (the lifecycle keeps its server private):
 * no bean is looked up or created during the shutdown. gRPC's types are named, not linked, because this module is
 * also built against Boot 4.0, which has no gRPC server; the methods are looked up when a server starts, so the exit
 * path only invokes them.
 */
final class GrpcServerIntake implements Intake, GenericApplicationListener {

    static final String LIFECYCLE = "org.springframework.grpc.server.lifecycle.GrpcServerLifecycle";
    static final String STARTED_EVENT = "org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent";

    private static final Logger log = LoggerFactory.getLogger(GrpcServerIntake.class);

    /** Boot's grace period: negative waits for the deadline only, zero cuts at once (as {@code GrpcServerLifecycle} does). */
    private final Duration gracePeriod;
    private final List<GrpcServer> servers = new CopyOnWriteArrayList<>();
    /** The servers being stopped and the {@code done} of that stop, until it is called. */
    private volatile @Nullable Stopping stopping;

    GrpcServerIntake(Duration gracePeriod) {
        this.gracePeriod = gracePeriod;
    }

    @Override
    public String name() {
        return "gRPC server";
    }

    /**
     * Spring gRPC's started event only, by name: a listener for every event would also count as a listener of the
     * {@code SignalEvent}, and make the shutdown wait in signal-listeners for nothing.
     */
    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        for (Class<?> type = eventType.toClass(); type != null; type = type.getSuperclass()) {
            if (STARTED_EVENT.equals(type.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Records each server Spring gRPC starts, with what stopping it takes. */
    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        try {
            Object server = event.getClass().getMethod("getServer").invoke(event);
            servers.add(GrpcServer.of(server, event.getSource() instanceof SmartLifecycle lifecycle ? lifecycle : null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unexpected) {
            log.warn("The gRPC server that just started cannot be stopped in stop-intake ({}); Spring gRPC stops it at context close,"
                    + " after the hooks", unexpected.toString());
        }
    }

    /** The names of the services the running servers serve, health service included; none before a server started. */
    List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        for (GrpcServer server : servers) {
            names.addAll(server.services);
        }
        return names;
    }

    @Override
    public void stop(Runnable done) {
        List<GrpcServer> running = new ArrayList<>();
        for (GrpcServer server : servers) {
            if (server.isShutdown()) {
                continue;
            }
            server.shutdown();
            log.info("Graceful shutdown: the gRPC server on port {} refuses new calls; waiting for the calls in flight", server.port);
            running.add(server);
        }
        stopping = new Stopping(running, done, System.nanoTime());
        poll();
    }

    /**
     * On stop-intake's thread: cuts the calls still in flight once Boot's grace period is over, and once every server
     * terminated, lets their lifecycles finish (they find nothing to wait for) and calls {@code done}.
     */
    @Override
    public void poll() {
        Stopping stopping = this.stopping;
        if (stopping == null) {
            return;
        }
        if (!stopping.cut && gracePeriod.compareTo(Duration.ZERO) >= 0 && System.nanoTime() - stopping.startNanos >= gracePeriod.toNanos()) {
            cut(stopping, "spring.grpc.server.shutdown.grace-period (" + gracePeriod + ") is over");
        }
        for (GrpcServer server : stopping.servers) {
            if (!server.isTerminated()) {
                return;
            }
        }
        this.stopping = null;
        for (GrpcServer server : stopping.servers) {
            server.release();
        }
        stopping.done.run();
    }

    /** Stop-intake no longer waits (the deadline, a repeated signal): the calls still in flight are cancelled now. */
    @Override
    public void cut() {
        Stopping stopping = this.stopping;
        if (stopping != null && !stopping.cut) {
            cut(stopping, "stop-intake no longer waits");
        }
    }

    private static void cut(Stopping stopping, String why) {
        stopping.cut = true;
        for (GrpcServer server : stopping.servers) {
            if (!server.isTerminated()) {
                log.warn("Graceful shutdown: {}: the gRPC server on port {} cancels the calls still in flight (shutdownNow)", why, server.port);
                server.shutdownNow();
            }
        }
    }

    /** One stop under way. */
    private static final class Stopping {

        final List<GrpcServer> servers;
        final Runnable done;
        final long startNanos;
        volatile boolean cut;

        Stopping(List<GrpcServer> servers, Runnable done, long startNanos) {
            this.servers = servers;
            this.done = done;
            this.startNanos = startNanos;
        }
    }

    /** A started {@code io.grpc.Server} and its lifecycle, with the server's methods looked up once, at its start. */
    private static final class GrpcServer {

        final Object server;
        final @Nullable SmartLifecycle lifecycle;
        final int port;
        final List<String> services;
        private final Method shutdown;
        private final Method shutdownNow;
        private final Method isShutdown;
        private final Method isTerminated;

        private GrpcServer(Object server, @Nullable SmartLifecycle lifecycle, int port, List<String> services, Class<?> type)
                throws NoSuchMethodException {
            this.server = server;
            this.lifecycle = lifecycle;
            this.port = port;
            this.services = services;
            this.shutdown = type.getMethod("shutdown");
            this.shutdownNow = type.getMethod("shutdownNow");
            this.isShutdown = type.getMethod("isShutdown");
            this.isTerminated = type.getMethod("isTerminated");
        }

        static GrpcServer of(Object server, @Nullable SmartLifecycle lifecycle) throws ReflectiveOperationException {
            ClassLoader loader = server.getClass().getClassLoader();
            Class<?> type = Class.forName("io.grpc.Server", false, loader);
            Method getServiceDescriptor = Class.forName("io.grpc.ServerServiceDefinition", false, loader).getMethod("getServiceDescriptor");
            Method getName = Class.forName("io.grpc.ServiceDescriptor", false, loader).getMethod("getName");
            List<String> services = new ArrayList<>();
            for (Object definition : (List<?>) type.getMethod("getServices").invoke(server)) {
                services.add((String) getName.invoke(getServiceDescriptor.invoke(definition)));
            }
            GrpcServer started = new GrpcServer(server, lifecycle, (Integer) type.getMethod("getPort").invoke(server), List.copyOf(services), type);
            started.isShutdown(); // links the invocation now, not on the exit path
            return started;
        }

        boolean isShutdown() {
            return (Boolean) call(isShutdown);
        }

        /** Terminated: no call left and every transport closed. */
        boolean isTerminated() {
            return (Boolean) call(isTerminated);
        }

        void shutdown() {
            call(shutdown);
        }

        void shutdownNow() {
            call(shutdownNow);
        }

        /** Spring gRPC's lifecycle stop on a terminated server: its events, its log line, and it lets the server go. */
        void release() {
            SmartLifecycle owner = lifecycle;
            if (owner == null) {
                return;
            }
            try {
                owner.stop();
            } catch (RuntimeException failure) {
                log.error("Spring gRPC's lifecycle failed to finish after its server terminated; the shutdown goes on", failure);
            }
        }

        private Object call(Method method, Object... arguments) {
            try {
                return method.invoke(server, arguments);
            } catch (InvocationTargetException failed) {
                throw new IllegalStateException("gRPC server " + method.getName() + " failed", failed.getCause());
            } catch (IllegalAccessException unexpected) {
                throw new IllegalStateException(unexpected);
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
