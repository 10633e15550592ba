package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.List;

import dev.gracefulsignals.dispatch.Observers;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's observers as one ({@link Observers}): each call goes to every observer in order, and a failing
 * observer is logged and never stops the others. Each call is a record, not a lambda: this runs after the signal.
 */
final class AllObservers implements ShutdownObserver {

    private final Observers<ShutdownObserver> observers;

    AllObservers(List<ShutdownObserver> observers) {
        // The coordinator's logger: a failing observer is reported as part of the shutdown.
        this.observers = new Observers<>(observers, LoggerFactory.getLogger(ShutdownCoordinator.class), "Shutdown observer",
                "the shutdown goes on");
    }

    @Override
    public void started(ShutdownTrigger trigger) {
        observers.tell(new Started(trigger));
    }

    @Override
    public void phaseStarted(String phase) {
        observers.tell(new PhaseStarted(phase));
    }

    @Override
    public void phaseFinished(String phase, Duration duration) {
        observers.tell(new PhaseFinished(phase, duration));
    }

    @Override
    public void hookStarted(String hook) {
        observers.tell(new HookStarted(hook));
    }

    @Override
    public void tasksCancelled(long count) {
        observers.tell(new TasksCancelled(count));
    }

    @Override
    public void hookFinished(String hook, HookOutcome outcome, Duration duration) {
        observers.tell(new HookFinished(hook, outcome, duration));
    }

    @Override
    public void finished(ShutdownReport report) {
        observers.tell(new Finished(report));
    }

    @Override
    public void endingNow(int status) {
        observers.tell(new EndingNow(status));
    }

    @Override
    public String toString() {
        return observers.toString();
    }

    private record Started(ShutdownTrigger trigger) implements Observers.Call<ShutdownObserver> {
        @Override
        public void on(ShutdownObserver observer) {
            observer.started(trigger);
        }
    }

    private record PhaseStarted(String phase) implements Observers.Call<ShutdownObserver> {
        @Override
        public void on(ShutdownObserver observer) {
            observer.phaseStarted(phase);
        }
    }

    private record PhaseFinished(String phase, Duration duration) implements Observers.Call<ShutdownObserver> {
        @Override
        public void on(ShutdownObserver observer) {
            observer.phaseFinished(phase, duration);
        }
    }

    private record HookStarted(String hook) implements Observers.Call<ShutdownObserver> {
        @Override
        public void on(ShutdownObserver observer) {
            observer.hookStarted(hook);
        }
    }

    private record TasksCancelled(long count) implements Observers.Call<ShutdownObserver> {
        @Override
        public void on(ShutdownObserver observer) {
            observer.tasksCancelled(count);
        }
    }

    private record HookFinished(String hook, HookOutcome outcome, Duration duration) implements Observers.Call<ShutdownObserver> {
        @Override
        public void on(ShutdownObserver observer) {
            observer.hookFinished(hook, outcome, duration);
        }
    }

    private record Finished(ShutdownReport report) implements Observers.Call<ShutdownObserver> {
        @Override
        public void on(ShutdownObserver observer) {
            observer.finished(report);
        }
    }

    private record EndingNow(int status) implements Observers.Call<ShutdownObserver> {
        @Override
        public void on(ShutdownObserver observer) {
            observer.endingNow(status);
        }
    }
}
