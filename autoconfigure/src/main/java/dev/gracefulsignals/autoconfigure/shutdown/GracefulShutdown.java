package dev.gracefulsignals.autoconfigure.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.autoconfigure.ConfigurationChecks;
import dev.gracefulsignals.autoconfigure.GracefulSignalsProperties;
import dev.gracefulsignals.shutdown.ProcessExit;
import dev.gracefulsignals.shutdown.ShutdownCoordinator;
import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.shutdown.ShutdownPhase;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
import dev.gracefulsignals.shutdown.phase.RunHooks;
import dev.gracefulsignals.signal.ExitGuard;
import dev.gracefulsignals.signal.SignalReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.Ordered;

/**
 * The graceful shutdown sequence of one application context, run exactly once whatever starts it.
 * The rule: stop intake, finish what was accepted, then clean up. The sequence is every {@link ShutdownPhase} bean,
 * in order; {@link GracefulShutdownConfiguration} lists the starter's own, each at its {@link ShutdownPhaseOrder}:
 * <ol>
 * <li>{@code signal-listeners}, for a shutdown a signal started: that signal's {@code SignalEvent} listeners and
 * {@code @OnSignal} methods, once, waited for up to {@code graceful.shutdown.listener-timeout} (see {@link SignalListeners});</li>
 * <li>{@code refuse-traffic}: readiness turns {@code REFUSING_TRAFFIC} (and stays so);</li>
 * <li>{@code drain-delay}: keep serving for {@code graceful.shutdown.drain-delay}, for a shutdown started by
 * one of {@code graceful.shutdown.drain-delay-signals} (TERM);</li>
 * <li>{@code stop-intake}: the {@link ShutdownToken} is requested; the web server stops accepting and finishes
 * the requests in flight, message listener containers stop after the message in hand;</li>
 * <li>{@code cancel-tasks}: held work gets the task grace period, then schedulers stop, executors get what is
 * left of it and are interrupted;</li>
 * <li>{@code hooks}: {@link ShutdownHook} beans in order, each with its timeout, beans still alive;</li>
 * <li>{@code close-context}: the context closes;</li>
 * <li>exit with the first non-zero {@link ExitCodeGenerator}, or as {@code graceful.shutdown.exit-status} says
 * (128 + the signal's number by default).</li>
 * </ol>
 * A shutdown signal runs it on the prepared sequence thread and ends the process; {@code System.exit},
 * the actuator's shutdown endpoint or any other context close run the phases before {@code close-context} on the
 * closing thread, as the first listener of {@link ContextClosedEvent}, and let that close go on.
 *
 * <p>No lambdas from the signal to the exit (see the package-info of {@code dev.gracefulsignals.shutdown}).
 */
public final class GracefulShutdown implements ApplicationListener<ContextClosedEvent>, Ordered, DisposableBean, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final ConfigurableApplicationContext context;
    private final GracefulSignalsProperties.Shutdown settings;
    private final ShutdownCoordinator coordinator;
    /** The phases before the context closes, in order; each skips itself where it does not apply (the drain delay for INT, say). */
    private final List<ShutdownPhase> beforeClose;
    /** {@code close-context} and whatever is ordered after it: only a signal's sequence runs them. */
    private final List<ShutdownPhase> fromClose;
    private volatile boolean closingFromEvent;
    /** Open until the steps before the close (traffic, drain, intake, tasks, hooks) are done, whoever runs them. */
    private final CountDownLatch beforeCloseDone = new CountDownLatch(1);

    GracefulShutdown(ConfigurableApplicationContext context, GracefulSignalsProperties.Shutdown settings, ProcessExit exit,
                     ShutdownToken token, List<ShutdownObserver> observers, List<ShutdownPhase> phases) {
        ConfigurationChecks.deadline(settings);
        this.context = context;
        this.settings = settings;
        this.coordinator = new ShutdownCoordinator(settings.getTimeout(), new ShutdownCoordinator.Repeats(settings.getOnRepeat(),
                settings.getRepeatWindow(), settings.getHurriedHookTimeout()), settings.getExitStatus(), exit, token, observers);
        int close = phases.size();
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i) instanceof CloseContext) {
                close = i;
                break;
            }
        }
        this.beforeClose = List.copyOf(phases.subList(0, close));
        this.fromClose = List.copyOf(phases.subList(close, phases.size()));
    }

    /** The phases in the order a signal's sequence runs them. */
    public List<ShutdownPhase> phases() {
        List<ShutdownPhase> all = new java.util.ArrayList<>(beforeClose);
        all.addAll(fromClose);
        return List.copyOf(all);
    }

    /** A shutdown signal arrived (on the dispatcher thread): begins the sequence on its own thread, or treats it as a repeat. */
    public void onShutdownSignal(SignalReceived signal) {
        if (!coordinator.beginInBackground(ShutdownTrigger.signal(signal), new AfterSignal(this, signal))) {
            coordinator.repeatedSignal(signal);
        }
    }

    /** The sequence a shutdown signal started, as the sequence thread's work. */
    private static final class AfterSignal implements Runnable {

        private final GracefulShutdown shutdown;
        private final SignalReceived signal;

        AfterSignal(GracefulShutdown shutdown, SignalReceived signal) {
            this.shutdown = shutdown;
            this.signal = signal;
        }

        @Override
        public void run() {
            shutdown.runAfterSignal(signal);
        }
    }

    private void runAfterSignal(SignalReceived signal) {
        beforeClose();
        int code = exitCode(signal);
        if (!settings.isCloseContext()) {
            log.info("Graceful shutdown: leaving the context open (graceful.shutdown.close-context=false)");
        }
        coordinator.run(fromClose);
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
        } else if (!coordinator.isSequenceThread(Thread.currentThread())) {
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

    /** The threads a shutdown needs exist, parked, before any signal can arrive; warns about hook timeouts that cannot fit. */
    @Override
    public void afterSingletonsInstantiated() {
        coordinator.prepare();
        context.addApplicationListener(new ExitPathPreload());
        context.addApplicationListener(new KeepAliveOnceStarted(context, coordinator));
        // cancel-tasks, before the hooks, may use its whole grace period waiting for held and running work.
        Duration budget = settings.getTimeout().minus(settings.getDrainDelay()).minus(settings.getTaskGracePeriod());
        List<String> past = List.of();
        for (ShutdownPhase phase : beforeClose) {
            if (phase instanceof RunHooks hooks) {
                past = hooks.hooksPast(budget);
            }
        }
        if (!past.isEmpty()) {
            log.warn("Shutdown hooks {} may not run: with every hook using its whole timeout, they would end after the {} ms"
                    + " left by graceful.shutdown.timeout ({} ms) less the drain delay ({} ms) and the task grace period ({} ms)."
                    + " Lower graceful.shutdown.hook-timeout or the hooks' own timeouts, turn on graceful.shutdown.concurrent-hooks,"
                    + " or raise graceful.shutdown.timeout.",
                    past, budget.toMillis(), settings.getTimeout().toMillis(), settings.getDrainDelay().toMillis(),
                    settings.getTaskGracePeriod().toMillis());
        }
    }

    /** The context's beans are being destroyed: a close that did not come from a signal ends here. */
    @Override
    public void destroy() {
        boolean exitingUnderTheSequence = coordinator.state() == ShutdownCoordinator.State.SHUTTING_DOWN
                && !coordinator.isSequenceThread(Thread.currentThread()) && jvmIsExiting();
        // System.exit (from a hook, a listener, anywhere) cut into a signal's sequence: the JVM's hooks
        // close the context and the process ends with that call's code. Report now, while logging still works.
        if (closingFromEvent || exitingUnderTheSequence) {
            coordinator.complete(null);
        }
        coordinator.dispose();
    }

    private void beforeClose() {
        try {
            coordinator.run(beforeClose);
        } finally {
            beforeCloseDone.countDown();
        }
    }

    private int exitCode(SignalReceived signal) {
        int completed = coordinator.completedExitCode(signal.signal());
        if (!context.isActive()) {
            return completed; // closed meanwhile by someone else
        }
        try {
            for (ExitCodeGenerator generator : context.getBeanProvider(ExitCodeGenerator.class).orderedStream().toList()) {
                int code = generator.getExitCode();
                if (code != 0) {
                    return code;
                }
            }
        } catch (RuntimeException failure) {
            log.error("An ExitCodeGenerator failed; using graceful.shutdown.exit-status", failure);
        }
        return completed;
    }

    private static boolean jvmIsExiting() {
        return ExitGuard.jvmIsExiting();
    }

    /** The engine: state, current phase and report, for the actuator endpoint and tests. */
    public ShutdownCoordinator coordinator() {
        return coordinator;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /**
     * Once the context is refreshed its web server runs: the keep-alive thread is made then, before the signals are
     * taken (SignalBridge takes them on the same event), while a thread can still be made.
     */
    private static final class KeepAliveOnceStarted implements ApplicationListener<ContextRefreshedEvent> {

        private final ConfigurableApplicationContext context;
        private final ShutdownCoordinator coordinator;

        KeepAliveOnceStarted(ConfigurableApplicationContext context, ShutdownCoordinator coordinator) {
            this.context = context;
            this.coordinator = coordinator;
        }

        @Override
        public void onApplicationEvent(ContextRefreshedEvent event) {
            if (event.getApplicationContext() == context) {
                coordinator.prepareKeepAlive();
            }
        }
    }
}
