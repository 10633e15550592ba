package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's observers as one: each call goes to every observer in order, and a failing
 * observer is logged and never stops the others. One loop per method, not one loop taking a lambda per
 * call: this runs after the shutdown signal, where linking a lambda costs about a millisecond.
 */
final class AllObservers implements ShutdownObserver {

    /** The coordinator's logger: a failing observer is reported as part of the shutdown. */
    private static final Logger log = LoggerFactory.getLogger(ShutdownCoordinator.class);

    private final List<ShutdownObserver> observers;

    AllObservers(List<ShutdownObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    @Override
    public void started(ShutdownTrigger trigger) {
        for (ShutdownObserver observer : observers) {
            try {
                observer.started(trigger);
            } catch (RuntimeException | Error failure) {
                failed(observer, failure);
            }
        }
    }

    @Override
    public void phaseStarted(String phase) {
        for (ShutdownObserver observer : observers) {
            try {
                observer.phaseStarted(phase);
            } catch (RuntimeException | Error failure) {
                failed(observer, failure);
            }
        }
    }

    @Override
    public void phaseFinished(String phase, Duration duration) {
        for (ShutdownObserver observer : observers) {
            try {
                observer.phaseFinished(phase, duration);
            } catch (RuntimeException | Error failure) {
                failed(observer, failure);
            }
        }
    }

    @Override
    public void hookStarted(String hook) {
        for (ShutdownObserver observer : observers) {
            try {
                observer.hookStarted(hook);
            } catch (RuntimeException | Error failure) {
                failed(observer, failure);
            }
        }
    }

    @Override
    public void tasksCancelled(long count) {
        for (ShutdownObserver observer : observers) {
            try {
                observer.tasksCancelled(count);
            } catch (RuntimeException | Error failure) {
                failed(observer, failure);
            }
        }
    }

    @Override
    public void hookFinished(String hook, HookOutcome outcome, Duration duration) {
        for (ShutdownObserver observer : observers) {
            try {
                observer.hookFinished(hook, outcome, duration);
            } catch (RuntimeException | Error failure) {
                failed(observer, failure);
            }
        }
    }

    @Override
    public void finished(ShutdownReport report) {
        for (ShutdownObserver observer : observers) {
            try {
                observer.finished(report);
            } catch (RuntimeException | Error failure) {
                failed(observer, failure);
            }
        }
    }

    private static void failed(ShutdownObserver observer, Throwable failure) {
        log.error("Shutdown observer {} failed; the shutdown goes on", observer, failure);
    }

    @Override
    public String toString() {
        return observers.toString();
    }

    @Override
    public void endingNow(int status) {
        for (ShutdownObserver observer : observers) {
            try {
                observer.endingNow(status);
            } catch (RuntimeException | Error failure) {
                failed(observer, failure);
            }
        }
    }
}
