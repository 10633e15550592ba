package dev.gracefulsignals.autoconfigure.shutdown;

import dev.gracefulsignals.shutdown.phase.Intake;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Spring Cloud Stream's input bindings in stop-intake. Cloud Stream's own {@code InputBindingLifecycle} unbinds every
 * consumer binding (functional or not): each binder stops its consumer endpoint, the Kafka binder's container after
 * the record in hand, its offset committed. Output bindings stay, so a hook can still publish. The lifecycle is
 * then no longer running, so Boot's lifecycle stop at close-context finds nothing left to do, as it would have done
 * the same there, only after the hooks. Its stop blocks until the binders have stopped: it runs on a thread of its
 * own ({@link BlockingStop}). The type is named, not linked: no hard dependency.
 */
final class InputBindingsIntake implements Intake {

    static final String INPUT_BINDING_LIFECYCLE = "org.springframework.cloud.stream.binding.InputBindingLifecycle";

    private final ConfigurableListableBeanFactory beans;

    InputBindingsIntake(ConfigurableListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public String name() {
        return "Cloud Stream input bindings";
    }

    @Override
    public void stop(Runnable done) {
        BlockingStop.start(name(), LifecycleIntake.running(beans, INPUT_BINDING_LIFECYCLE), done);
    }

    @Override
    public String toString() {
        return name();
    }
}
