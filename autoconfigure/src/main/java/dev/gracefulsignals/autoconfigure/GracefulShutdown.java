package dev.gracefulsignals.autoconfigure;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.shutdown.ProcessExit;
import dev.gracefulsignals.shutdown.ShutdownCoordinator;
import dev.gracefulsignals.shutdown.ShutdownCoordinator.NamedHook;
import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
import dev.gracefulsignals.signal.SignalReceived;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * The graceful shutdown sequence of one application context, run exactly once whatever starts it:
 * <ol>
 * <li>{@code refuse-traffic}: readiness turns {@code REFUSING_TRAFFIC};</li>
 * <li>{@code drain-delay}: keep serving for {@code graceful.shutdown.drain-delay};</li>
 * <li>{@code cancel-tasks}: the {@link ShutdownToken} is requested, schedulers stop scheduling, executors
 * get the grace period, then are interrupted;</li>
 * <li>{@code hooks}: {@link ShutdownHook} beans in order, each with its timeout, beans still alive;</li>
 * <li>{@code close-context}: the context closes (the web server's own graceful drain happens here);</li>
 * <li>exit with 128 + the signal's number, or the first non-zero {@link ExitCodeGenerator}.</li>
 * </ol>
 * A shutdown signal runs it on its own thread and ends the process; {@code System.exit}, the
 * actuator's shutdown endpoint or any other context close run steps 1-4 on the closing thread, as
 * the first listener of {@link ContextClosedEvent}, and let that close go on.
 */
public class GracefulShutdown implements ApplicationListener<ContextClosedEvent>, Ordered, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final ConfigurableApplicationContext context;
    private final GracefulSignalsProperties.Shutdown settings;
    private final ShutdownCoordinator coordinator;
    private volatile boolean closingFromEvent;
    /** Open until the steps before the close (traffic, drain, tasks, hooks) are done, whoever runs them. */
    private final CountDownLatch beforeCloseDone = new CountDownLatch(1);
    private volatile @Nullable Thread sequenceThread;

    public GracefulShutdown(ConfigurableApplicationContext context, GracefulSignalsProperties.Shutdown settings, ProcessExit exit,
                            ShutdownToken token, List<ShutdownObserver> observers) {
        this.context = context;
        this.settings = settings;
        this.coordinator = new ShutdownCoordinator(settings.getTimeout(), settings.isHaltOnRepeat(), exit, token, observers);
    }

    /**
     * A shutdown signal arrived (on the dispatcher thread): begins the sequence on a new thread, or
     * halts when it is a repeat during the sequence.
     */
    public void onShutdownSignal(SignalReceived signal) {
        if (coordinator.repeatedSignal(signal) || !coordinator.begin(ShutdownTrigger.signal(signal))) {
            return;
        }
        // Never on the dispatcher thread: System.exit holds a lock for the whole JVM shutdown.
        Thread sequence = new Thread(() -> runAfterSignal(signal), "graceful-shutdown");
        sequence.setDaemon(false); // keeps the JVM up until the sequence exits, even if main returned
        sequenceThread = sequence;
        sequence.start();
    }

    private void runAfterSignal(SignalReceived signal) {
        beforeClose();
        int code = exitCode(signal);
        if (settings.isCloseContext()) {
            coordinator.runPhase("close-context", context::close);
        } else {
            log.info("Graceful shutdown: leaving the context open (graceful.shutdown.close-context=false)");
        }
        coordinator.exitProcess(code);
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != context) {
            return;
        }
        if (coordinator.begin(jvmIsExiting() ? ShutdownTrigger.jvmExit() : ShutdownTrigger.contextClose())) {
            closingFromEvent = true;
            beforeClose();
        } else if (Thread.currentThread() != sequenceThread) {
            // Another close (a JVM shutdown hook, application code) while a signal's sequence runs: let the
            // hooks finish with their beans alive before this close destroys them. Bounded by the deadline.
            awaitBeforeClose();
        }
    }

    private void awaitBeforeClose() {
        try {
            beforeCloseDone.await(coordinator.timeLeft().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The context's beans are being destroyed: a close that did not come from a signal ends here. */
    @Override
    public void destroy() {
        if (closingFromEvent) {
            coordinator.complete(null);
        }
    }

    private void beforeClose() {
        try {
            runBeforeClose();
        } finally {
            beforeCloseDone.countDown();
        }
    }

    private void runBeforeClose() {
        coordinator.runPhase("refuse-traffic", () -> AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC));
        Duration drainDelay = settings.getDrainDelay();
        if (!drainDelay.isZero()) {
            coordinator.runPhase("drain-delay", () -> sleep(drainDelay));
        }
        coordinator.runPhase("cancel-tasks", () -> {
            coordinator.requestCancellation();
            coordinator.addCancelledTasks(TaskCancellation.cancel(context.getBeanFactory(), settings.getTaskGracePeriod()));
        });
        coordinator.runPhase("hooks", () -> coordinator.runHooks(orderedHooks(), settings.getHookTimeout()));
    }

    private List<NamedHook> orderedHooks() {
        Map<ShutdownHook, String> names = new IdentityHashMap<>();
        context.getBeansOfType(ShutdownHook.class, false, false).forEach((name, hook) -> names.put(hook, name));
        // orderedStream honours @Order and Ordered on the bean and on its @Bean method.
        return context.getBeanProvider(ShutdownHook.class).orderedStream()
                .filter(names::containsKey)
                .map(hook -> new NamedHook(names.get(hook), hook))
                .toList();
    }

    private int exitCode(SignalReceived signal) {
        if (!context.isActive()) {
            return ShutdownTrigger.exitCodeFor(signal.signal()); // closed meanwhile by someone else
        }
        try {
            for (ExitCodeGenerator generator : context.getBeanProvider(ExitCodeGenerator.class).orderedStream().toList()) {
                int code = generator.getExitCode();
                if (code != 0) {
                    return code;
                }
            }
        } catch (RuntimeException failure) {
            log.error("An ExitCodeGenerator failed; using 128 + signal", failure);
        }
        return ShutdownTrigger.exitCodeFor(signal.signal());
    }

    private static boolean jvmIsExiting() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shutdownInProgress) {
            return true;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The engine: state, current phase and report, for the actuator endpoint and tests. */
    public ShutdownCoordinator coordinator() {
        return coordinator;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
