package dev.gracefulsignals.autoconfigure.systemd;

import java.time.Duration;
import java.util.function.Supplier;

import dev.gracefulsignals.autoconfigure.signals.ReloadObserver;
import dev.gracefulsignals.shutdown.HookOutcome;
import dev.gracefulsignals.shutdown.ShutdownCoordinator;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import dev.gracefulsignals.shutdown.ShutdownReport;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
import dev.gracefulsignals.signal.SignalReceived;
import dev.gracefulsignals.systemd.SystemdNotifier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Speaks for the application to systemd: {@code READY=1} at {@link ApplicationReadyEvent} (then
 * watchdog pings while liveness is {@code CORRECT}), {@code RELOADING=1} / {@code READY=1} around a
 * reload, {@code STOPPING=1} when the shutdown begins, then a {@code STATUS=} and an
 * {@code EXTEND_TIMEOUT_USEC=} of the time left before our own deadline at each phase and hook.
 */
public class SystemdIntegration implements ApplicationListener<ApplicationReadyEvent>, ShutdownObserver, ReloadObserver, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SystemdIntegration.class);

    private final SystemdNotifier notifier;
    private final @Nullable ApplicationAvailability availability;
    private final Supplier<ShutdownCoordinator> coordinator;
    private final ApplicationContext context;

    public SystemdIntegration(SystemdNotifier notifier, @Nullable ApplicationAvailability availability,
                              Supplier<ShutdownCoordinator> coordinator, ApplicationContext context) {
        this.context = context;
        this.notifier = notifier;
        this.availability = availability;
        this.coordinator = coordinator;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (event.getApplicationContext() != context) {
            return; // a child context's ready event reaches its parent too: one READY=1 per process
        }
        notifier.ready();
        log.info("Graceful Signals notifies systemd (NOTIFY_SOCKET is set): sent READY=1; reloads and the shutdown's"
                + " progress follow as RELOADING=1, STOPPING=1 and STATUS=");
        notifier.startWatchdog(() -> availability == null || availability.getLivenessState() == LivenessState.CORRECT);
    }

    @Override
    public void reloadStarted(SignalReceived signal) {
        notifier.reloading();
    }

    @Override
    public void reloadFinished(SignalReceived signal, @Nullable Throwable failure) {
        if (failure != null) {
            notifier.status("Reload failed: " + failure);
        }
        notifier.readyAfterReload();
    }

    @Override
    public void started(ShutdownTrigger trigger) {
        notifier.stopping();
        notifier.status("Stopping (" + trigger.label() + ")");
    }

    @Override
    public void phaseStarted(String phase) {
        progress("Stopping: " + phase);
    }

    @Override
    public void hookStarted(String hook) {
        progress("Stopping: hook " + hook);
    }

    @Override
    public void hookFinished(String hook, HookOutcome outcome, Duration duration) {
        // the next hook or phase sends the next status
    }

    @Override
    public void finished(ShutdownReport report) {
        notifier.status("Stopped: " + report.outcome().tag());
    }

    /** Extends systemd's stop timeout by the time left before our own deadline, never beyond it. */
    private void progress(String status) {
        notifier.status(status);
        Duration left = coordinator.get().timeLeft();
        if (!left.isZero()) {
            notifier.extendTimeout(left);
        }
    }

    @Override
    public void destroy() {
        notifier.stopWatchdog();
    }
}
