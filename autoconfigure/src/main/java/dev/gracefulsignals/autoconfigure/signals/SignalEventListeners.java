package dev.gracefulsignals.autoconfigure.signals;

import java.util.Collection;

import dev.gracefulsignals.spring.SignalEvent;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.context.event.GenericApplicationListenerAdapter;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * Whether anything in a context listens for {@link SignalEvent}, so a delivery can skip
 * {@code publishEvent} (a few microseconds of event-type resolution) when nothing does. Every listener
 * the context knows passes through {@link AbstractApplicationContext#getApplicationListeners()}:
 * {@code @EventListener} methods, listener beans and listeners added at run time alike. The answer is
 * recomputed whenever that collection or the bean definitions change in number, so a listener added
 * later is seen from its first signal; listener beans not created yet are judged by their declared type. A context with a parent, or of another kind, always publishes (the parent may listen).
 */
final class SignalEventListeners {

    private static final ResolvableType SIGNAL_EVENT = ResolvableType.forClass(SignalEvent.class);

    private final ConfigurableApplicationContext context;
    /** The number of listeners and of bean definitions when last checked. */
    private volatile long checkedSize = -1;
    private volatile boolean any = true;

    SignalEventListeners(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** True when publishing a SignalEvent may reach someone. */
    boolean any() {
        if (!(context instanceof AbstractApplicationContext abstractContext) || context.getParent() != null) {
            return true;
        }
        Collection<ApplicationListener<?>> listeners = abstractContext.getApplicationListeners();
        long size = listeners.size() + ((long) context.getBeanFactory().getBeanDefinitionCount() << 32);
        if (size != checkedSize) {
            any = listensForSignalEvents(listeners) || listenerBeansListen();
            checkedSize = size;
        }
        return any;
    }

    private static boolean listensForSignalEvents(Collection<ApplicationListener<?>> listeners) {
        try {
            for (ApplicationListener<?> listener : listeners.toArray(new ApplicationListener<?>[0])) {
                if (new GenericApplicationListenerAdapter(listener).supportsEventType(SIGNAL_EVENT)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException changing) {
            return true; // changed while read: publish, and look again next time
        }
    }

    /**
     * Listener beans not created yet (lazy, prototype) are known to the multicaster by name only: judge them by their
     * declared event type. A listener that decides at run time (SmartApplicationListener) counts as listening.
     */
    private boolean listenerBeansListen() {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        for (String name : beans.getBeanNamesForType(ApplicationListener.class, true, false)) {
            if (beans.containsSingleton(name)) {
                continue; // created: it is among the context's listeners
            }
            Class<?> type = beans.getType(name, false);
            if (type == null || GenericApplicationListener.class.isAssignableFrom(type)
                    || SmartApplicationListener.class.isAssignableFrom(type)) {
                return true;
            }
            ResolvableType declared = ResolvableType.forClass(type).as(ApplicationListener.class).getGeneric();
            if (declared.resolve() == null || declared.isAssignableFrom(SIGNAL_EVENT)) {
                return true;
            }
        }
        return false;
    }
}
