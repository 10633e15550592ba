package dev.gracefulsignals.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.spring.SignalEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds {@link OnSignal} methods on beans as they are initialized and checks them, so a bad method
 * fails startup naming the bean, the method and the fix.
 */
final class OnSignalMethods implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(OnSignalMethods.class);

    private final boolean allowJobControl;
    private final List<SignalMethod> methods = new CopyOnWriteArrayList<>();

    OnSignalMethods(boolean allowJobControl) {
        this.allowJobControl = allowJobControl;
    }

    /** An {@link OnSignal} method, ready to call. */
    record SignalMethod(String beanName, Object bean, Method method, Set<Signal> signals, int order, boolean async,
                        boolean takesEvent) {

        void invoke(SignalEvent event) throws Throwable {
            try {
                if (takesEvent) {
                    method.invoke(bean, event);
                } else {
                    method.invoke(bean);
                }
            } catch (InvocationTargetException thrown) {
                throw thrown.getCause();
            }
        }

        String describe() {
            return "'" + beanName + "' " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        Map<Method, OnSignal> annotated = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<OnSignal>) method -> AnnotatedElementUtils.findMergedAnnotation(method, OnSignal.class));
        annotated.forEach((method, onSignal) -> methods.add(check(bean, beanName, type, method, onSignal)));
        return bean;
    }

    private SignalMethod check(Object bean, String beanName, Class<?> type, Method method, OnSignal onSignal) {
        String where = "@OnSignal method " + type.getName() + "." + method.getName() + " of bean '" + beanName + "'";
        Class<?>[] parameters = method.getParameterTypes();
        boolean takesEvent = parameters.length == 1 && parameters[0].isAssignableFrom(SignalEvent.class);
        if (parameters.length > 1 || (parameters.length == 1 && !takesEvent)) {
            throw new BeanInitializationException(where + " takes (" + Arrays.stream(parameters).map(Class::getSimpleName)
                    .collect(Collectors.joining(", ")) + "), but an @OnSignal method takes no parameter or one SignalEvent: declare it as "
                    + method.getName() + "() or " + method.getName() + "(SignalEvent event)");
        }
        if (onSignal.value().length == 0) {
            throw new BeanInitializationException(where + " names no signal: write for example @OnSignal(\"USR1\")");
        }
        Set<Signal> signals = new LinkedHashSet<>();
        for (String name : onSignal.value()) {
            try {
                Signal signal = Signal.of(name);
                signal.checkHandleable(allowJobControl);
                signals.add(signal);
            } catch (IllegalArgumentException invalid) {
                throw new BeanInitializationException(where + " names \"" + name + "\": " + invalid.getMessage(), invalid);
            }
        }
        Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        ReflectionUtils.makeAccessible(invocable);
        log.debug("{} handles {}", where, signals);
        return new SignalMethod(beanName, bean, invocable, signals, onSignal.order(), onSignal.async(), takesEvent);
    }

    /** The methods for a signal, in their order (then bean name). */
    List<SignalMethod> methodsFor(Signal signal) {
        return methods.stream().filter(method -> method.signals().contains(signal))
                .sorted(Comparator.comparingInt(SignalMethod::order).thenComparing(SignalMethod::beanName))
                .toList();
    }

    /** Every signal some method names. */
    Set<Signal> signals() {
        Set<Signal> all = new LinkedHashSet<>();
        methods.forEach(method -> all.addAll(method.signals()));
        return all;
    }
}
