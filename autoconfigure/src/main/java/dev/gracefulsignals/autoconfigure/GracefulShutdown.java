package dev.gracefulsignals.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.shutdown.ProcessExit;
import dev.gracefulsignals.shutdown.ShutdownCoordinator;
import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.shutdown.ShutdownPhase;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
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
 * The rule: stop intake, finish what was accepted, then clean up.
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
 * the actuator's shutdown endpoint or any other context close run steps 2-6 on the closing thread, as
 * the first listener of {@link ContextClosedEvent}, and let that close go on.
 *
 * <p>No lambdas from the signal to the exit: linking one the first time costs about a millisecond there.
 */
public class GracefulShutdown implements ApplicationListener<ContextClosedEvent>, Ordered, DisposableBean, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final ConfigurableApplicationContext context;
    private final GracefulSignalsProperties.Shutdown settings;
    private final ShutdownCoordinator coordinator;
    /** The first step, for a shutdown a signal started when something listens for that signal. */
    private final SignalListeners signalListeners;
    private final List<ShutdownPhase> signalListenersStep;
    private final DrainDelay drainDelay;
    private final List<ShutdownPhase> beforeClose;
    /** The same, for a shutdown the drain delay does not apply to. */
    private final List<ShutdownPhase> beforeCloseWithoutDrain;
    private volatile boolean closingFromEvent;
    /** Open until the steps before the close (traffic, drain, intake, tasks, hooks) are done, whoever runs them. */
    private final CountDownLatch beforeCloseDone = new CountDownLatch(1);

    public GracefulShutdown(ConfigurableApplicationContext context, GracefulSignalsProperties.Shutdown settings, ProcessExit exit,
                            ShutdownToken token, List<ShutdownObserver> observers) {
        this(context, settings, exit, token, observers, List.of());
    }

    GracefulShutdown(ConfigurableApplicationContext context, GracefulSignalsProperties.Shutdown settings, ProcessExit exit,
                     ShutdownToken token, List<ShutdownObserver> observers, List<Intake> intakes) {
        checkDeadline(settings);
        this.context = context;
        this.settings = settings;
        this.coordinator = new ShutdownCoordinator(settings.getTimeout(), new ShutdownCoordinator.Repeats(settings.getOnRepeat(),
                settings.getRepeatWindow(), settings.getHurriedHookTimeout()), settings.getExitStatus(), exit, token, observers);
        this.signalListeners = new SignalListeners(settings.getListenerTimeout());
        this.signalListenersStep = List.of(signalListeners);
        this.drainDelay = new DrainDelay(settings.getDrainDelay(), settings.drainDelaySignals());
        RefuseTraffic refuseTraffic = new RefuseTraffic(context);
        StopIntake stopIntake = new StopIntake(intakes);
        CancelTasks cancelTasks = new CancelTasks(context.getBeanFactory(), settings.getTaskGracePeriod());
        RunHooks runHooks = new RunHooks(context, settings.getHookTimeout(), settings.isConcurrentHooks());
        this.beforeClose = List.of(refuseTraffic, drainDelay, stopIntake, cancelTasks, runHooks);
        this.beforeCloseWithoutDrain = List.of(refuseTraffic, stopIntake, cancelTasks, runHooks);
    }

    /** The first step of a shutdown a signal started, which the bridge connects to the signal's listeners. */
    SignalListeners signalListeners() {
        return signalListeners;
    }

    /** The least time the sequence needs after the drain delay: stop intake, run hooks, close. */
    static final Duration MINIMUM_AFTER_DRAIN = Duration.ofSeconds(1);

    /**
     * A deadline that the drain delay (almost) fills halts every shutdown that waits it: refuse to start.
     * Hook timeouts beyond the deadline are only warned about (see afterSingletonsInstantiated): the
     * deadline still bounds them, and one hook may well have a long timeout while the others are quick.
     */
    private static void checkDeadline(GracefulSignalsProperties.Shutdown settings) {
        if (settings.getTimeout().compareTo(settings.getDrainDelay().plus(MINIMUM_AFTER_DRAIN)) < 0) {
            throw new GracefulSignalsConfigurationException(
                    "graceful.shutdown.timeout (" + settings.getTimeout().toMillis() + " ms) leaves less than "
                            + MINIMUM_AFTER_DRAIN.toMillis() + " ms after graceful.shutdown.drain-delay (" + settings.getDrainDelay().toMillis()
                            + " ms): every shutdown that waits the drain delay would be halted at the deadline before its hooks run.",
                    "Raise graceful.shutdown.timeout to at least graceful.shutdown.drain-delay plus " + MINIMUM_AFTER_DRAIN.toSeconds()
                            + "s (plus what the hooks need), or lower graceful.shutdown.drain-delay.");
        }
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
        if (settings.isCloseContext()) {
            coordinator.run(List.of(new CloseContext(context)));
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
        context.addApplicationListener(new KeepAliveOnceStarted(context, coordinator));
        // cancel-tasks, before the hooks, may use its whole grace period waiting for held and running work.
        Duration budget = settings.getTimeout().minus(settings.getDrainDelay()).minus(settings.getTaskGracePeriod());
        List<String> past = new RunHooks(context, settings.getHookTimeout(), settings.isConcurrentHooks()).hooksPast(budget);
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
        signalListeners.dispose();
    }

    private void beforeClose() {
        try {
            ShutdownTrigger trigger = coordinator.trigger().orElseThrow();
            if (signalListeners.appliesTo(trigger)) {
                coordinator.run(signalListenersStep);
            }
            coordinator.run(drainDelay.appliesTo(trigger) ? beforeClose : beforeCloseWithoutDrain);
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
