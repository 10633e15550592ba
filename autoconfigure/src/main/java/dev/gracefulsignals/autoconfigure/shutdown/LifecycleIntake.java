package dev.gracefulsignals.autoconfigure.shutdown;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulsignals.shutdown.phase.Intake;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

/**
 * The running {@link SmartLifecycle} beans of one type stopped through their asynchronous
 * {@code stop(callback)}: message listener registries (Spring Kafka, AMQP, JMS, Pulsar) stop their
 * containers after the message in hand ({@link WebServerIntake} uses its lookup for the web server's
 * lifecycles). Once stopped they are no longer running, so Boot's own lifecycle stop at
 * context close finds nothing left to do. The type is named, not linked: no hard dependency.
 */
final class LifecycleIntake implements Intake {

    private final String name;
    private final String typeName;
    private final ConfigurableListableBeanFactory beans;

    LifecycleIntake(String name, String typeName, ConfigurableListableBeanFactory beans) {
        this.name = name;
        this.typeName = typeName;
        this.beans = beans;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void stop(Runnable done) {
        List<SmartLifecycle> running = running(beans, typeName);
        if (running.isEmpty()) {
            done.run();
            return;
        }
        AllStopped stopped = new AllStopped(running.size(), done);
        for (SmartLifecycle lifecycle : running) {
            lifecycle.stop(stopped);
        }
    }

    /**
     * Each lifecycle's stop callback: the last one to stop calls {@code done}. A named class, not a
     * lambda: the exit path (see the package-info of {@code dev.gracefulsignals.shutdown}).
     */
    private static final class AllStopped implements Runnable {

        private final AtomicInteger left;
        private final Runnable done;

        AllStopped(int lifecycles, Runnable done) {
            this.left = new AtomicInteger(lifecycles);
            this.done = done;
        }

        @Override
        public void run() {
            if (left.decrementAndGet() == 0) {
                done.run();
            }
        }
    }

    /** The running singletons of the named type, none when the type is not on the class path; never creates a bean. */
    static List<SmartLifecycle> running(ConfigurableListableBeanFactory beans, String typeName) {
        List<SmartLifecycle> found = new ArrayList<>();
        if (!ClassUtils.isPresent(typeName, beans.getBeanClassLoader())) {
            return found;
        }
        Class<?> type = ClassUtils.resolveClassName(typeName, beans.getBeanClassLoader());
        // allowEagerInit=false and containsSingleton: never create a bean during shutdown.
        for (String bean : beans.getBeanNamesForType(type, false, false)) {
            if (beans.containsSingleton(bean) && beans.getBean(bean) instanceof SmartLifecycle lifecycle && lifecycle.isRunning()) {
                found.add(lifecycle);
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return name;
    }
}
