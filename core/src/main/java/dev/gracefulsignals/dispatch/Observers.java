package dev.gracefulsignals.dispatch;

import java.util.List;

import org.slf4j.Logger;

/**
 * The one observer fan-out: each call goes to every observer in order, and one that throws is logged and never stops
 * the others, nor what is being observed (a delivery, a reload, a shutdown). A call is a small named class (a record
 * is enough), not a lambda: fan-outs run on the exit path (see the package-info of {@code dev.gracefulsignals.shutdown}).
 *
 * @param <O> the observer type
 */
public final class Observers<O> {

    /** One call on each observer. */
    @FunctionalInterface
    public interface Call<O> {
        void on(O observer);
    }

    private final List<O> observers;
    private final Logger log;
    private final String kind;
    private final String goesOn;

    /**
     * @param observers in the order they are called
     * @param log       where a failure is logged
     * @param kind      what the log calls an observer: "Shutdown observer"
     * @param goesOn    what the log says happens next: "the shutdown goes on"
     */
    public Observers(List<? extends O> observers, Logger log, String kind, String goesOn) {
        this.observers = List.copyOf(observers);
        this.log = log;
        this.kind = kind;
        this.goesOn = goesOn;
    }

    /** Makes the call on every observer, in order. */
    public void tell(Call<? super O> call) {
        for (O observer : observers) {
            try {
                call.on(observer);
            } catch (RuntimeException | Error failure) {
                log.error("{} {} failed; {}", kind, observer, goesOn, failure);
            }
        }
    }

    public boolean isEmpty() {
        return observers.isEmpty();
    }

    @Override
    public String toString() {
        return observers.toString();
    }
}
