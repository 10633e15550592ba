package dev.gracefulsignals.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.spring.SignalEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The {@link OnSignal} methods of a context, found by bean name and type once every singleton exists
 * (as Spring finds {@code @EventListener} methods), so lazy, prototype and proxied beans are found
 * too; the bean is looked up when its signal arrives. A bad method fails startup naming the bean, the
 * method and the fix.
 */
final class OnSignalMethods {

    private static final Logger log = LoggerFactory.getLogger(OnSignalMethods.class);

    private final List<SignalMethod> methods;

    private OnSignalMethods(List<SignalMethod> methods) {
        this.methods = List.copyOf(methods);
    }

    /** An {@link OnSignal} method of a bean, called on the bean the factory returns for its name. */
    record SignalMethod(ConfigurableListableBeanFactory beans, String beanName, Method method, Set<Signal> signals, int order,
                        boolean async, boolean takesEvent, Map<Class<?>, Method> invocable) {

        void invoke(SignalEvent event) throws Throwable {
            Object bean = beans.getBean(beanName);
            Method target = invocable.computeIfAbsent(bean.getClass(), type -> {
                Method found = AopUtils.selectInvocableMethod(method, type);
                ReflectionUtils.makeAccessible(found);
                return found;
            });
            try {
                if (takesEvent) {
                    target.invoke(bean, event);
                } else {
                    target.invoke(bean);
                }
            } catch (InvocationTargetException thrown) {
                throw thrown.getCause();
            }
        }

        String describe() {
            return "'" + beanName + "' " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
        }
    }

    /** Finds and checks every {@link OnSignal} method of the beans defined in this factory. */
    static OnSignalMethods scan(ConfigurableListableBeanFactory beans, boolean allowJobControl) {
        List<SignalMethod> found = new ArrayList<>();
        for (String beanName : beans.getBeanNamesForType(Object.class, true, false)) {
            if (ScopedProxyUtils.isScopedTarget(beanName)) {
                continue; // the scoped proxy of the same bean is scanned instead
            }
            Class<?> type = typeOf(beans, beanName);
            if (type == null) {
                continue;
            }
            Map<Method, OnSignal> annotated = MethodIntrospector.selectMethods(type,
                    (MethodIntrospector.MetadataLookup<OnSignal>) method -> AnnotatedElementUtils.findMergedAnnotation(method, OnSignal.class));
            annotated.forEach((method, onSignal) -> found.add(check(beans, beanName, type, method, onSignal, allowJobControl)));
        }
        return new OnSignalMethods(found);
    }

    private static @Nullable Class<?> typeOf(ConfigurableListableBeanFactory beans, String beanName) {
        try {
            Class<?> type = AutoProxyUtils.determineTargetClass(beans, beanName);
            return type == null ? null : org.springframework.util.ClassUtils.getUserClass(type);
        } catch (RuntimeException unresolvable) {
            log.debug("Could not resolve the type of bean '{}'; it cannot have @OnSignal methods", beanName, unresolvable);
            return null;
        }
    }

    private static SignalMethod check(ConfigurableListableBeanFactory beans, String beanName, Class<?> type, Method method,
                                      OnSignal onSignal, boolean allowJobControl) {
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
        log.debug("{} handles {}", where, signals);
        return new SignalMethod(beans, beanName, method, signals, onSignal.order(), onSignal.async(), takesEvent,
                new ConcurrentHashMap<>());
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
