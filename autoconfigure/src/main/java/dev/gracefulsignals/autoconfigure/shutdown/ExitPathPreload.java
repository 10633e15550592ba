package dev.gracefulsignals.autoconfigure.shutdown;

import java.util.List;

import dev.gracefulsignals.autoconfigure.signals.SignalBridge;
import dev.gracefulsignals.jfr.FlightRecorderEvents;
import dev.gracefulsignals.shutdown.HookOutcome;
import dev.gracefulsignals.shutdown.ShutdownReport;
import dev.gracefulsignals.shutdown.ShutdownThreads;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
import dev.gracefulsignals.shutdown.phase.AwaitHeldWork;
import dev.gracefulsignals.shutdown.phase.RunHooks;
import dev.gracefulsignals.shutdown.phase.StopIntake;
import dev.gracefulsignals.signal.SignalOrigin;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * Once the application is ready, loads on a low-priority background thread the classes a shutdown
 * signal's path needs that a running application has not used yet (the sender's origin, the trigger,
 * the report, task cancellation, the JFR events), so a TERM does not wait for class loading. Loading a class twice is a
 * no-op; a class that cannot load here is left for the path itself to report.
 *
 * <p>Among them are the named classes that stand in for lambdas on that path, and slf4j's fluent
 * logging event. Nothing is logged from here.
 */
final class ExitPathPreload implements ApplicationListener<ApplicationReadyEvent> {

    /** Classes that cannot be named in code: the synthetic class of the builder's switch over the level. */
    static final List<String> EXIT_PATH_BY_NAME = List.of("org.slf4j.spi.DefaultLoggingEventBuilder$1");

    /** Owners whose nested classes are on the exit path but that cannot be named here (package-private elsewhere). */
    static final List<String> NESTED_ON_EXIT_PATH_BY_NAME = List.of("dev.gracefulsignals.shutdown.AllObservers",
            "dev.gracefulsignals.autoconfigure.signals.SignalDeliveryObservers");

    private volatile boolean started;

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (started) {
            return;
        }
        started = true;
        Thread thread = new Thread(ExitPathPreload::load, "graceful-signals-preload");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /**
     * The classes to load, in a method rather than a static field: a class literal loads its class when it is
     * evaluated, and this runs on the preload thread, not on the main thread that creates the listener.
     */
    private static List<Class<?>> exitPath() {
        return List.of(SignalOrigin.class, SignalOrigin.Kind.class, ShutdownTrigger.class,
                ShutdownTrigger.Kind.class, ShutdownReport.class, ShutdownReport.Outcome.class, ShutdownReport.Phase.class,
                ShutdownReport.Hook.class, HookOutcome.class, AwaitHeldWork.class, TaskCancellation.class, CloseContext.class, ExitCodeGenerator.class,
                BlockingStop.class, // the thread that stops Cloud Stream's bindings and Integration's message-driven adapters
                ScheduledTaskHolder.class,
                // the fluent logging API that writes the report's and the signal line's structured fields
                org.slf4j.spi.DefaultLoggingEventBuilder.class, org.slf4j.event.KeyValuePair.class, org.slf4j.event.DefaultLoggingEvent.class,
                org.slf4j.spi.LoggingEventAware.class);
    }

    /**
     * Classes whose nested classes are first used after the signal: the named Runnables and suppliers
     * that stand in for lambdas there (private, so loaded through their owner), and the running hook.
     */
    static List<Class<?>> nestedOnExitPath() {
        return List.of(ShutdownThreads.class, RunHooks.class, GracefulShutdown.class, SignalListeners.class, SignalBridge.class, StopIntake.class,
                LifecycleIntake.class, StreamsIntake.class, TaskCancellation.class, GrpcServerIntake.class); // GrpcServerIntake names gRPC's types, never links them
    }

    private static void load() {
        ClassLoader loader = ExitPathPreload.class.getClassLoader();
        for (Class<?> type : exitPath()) {
            loadClass(type.getName(), loader);
        }
        for (String name : EXIT_PATH_BY_NAME) {
            loadClass(name, loader);
        }
        for (Class<?> owner : nestedOnExitPath()) {
            loadNested(owner);
        }
        for (String owner : NESTED_ON_EXIT_PATH_BY_NAME) {
            try {
                loadNested(Class.forName(owner, false, loader));
            } catch (ClassNotFoundException | LinkageError unexpected) {
                // the path itself loads them, and reports a real problem there
            }
        }
        // Switches over an enum load a synthetic class of their own on first use.
        SignalOrigin.unknown().toString();
        ShutdownTrigger.contextClose().label();
        // Off the main thread's start-up too: JFR instruments an event class when it loads.
        FlightRecorderEvents.loadEventClasses();
    }

    private static void loadNested(Class<?> owner) {
        try {
            for (Class<?> nested : owner.getDeclaredClasses()) {
                loadClass(nested.getName(), owner.getClassLoader());
            }
        } catch (LinkageError unexpected) {
            // the path itself loads them, and reports a real problem there
        }
    }

    /** Loads and initializes the class, as its first use on the exit path would. */
    private static void loadClass(String name, ClassLoader loader) {
        try {
            Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError unexpected) {
            // the path itself loads it, and reports a real problem there
        }
    }
}
