package dev.gracefulsignals.autoconfigure.signals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.gracefulsignals.autoconfigure.GracefulSignalsConfigurationException;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.spring.SignalEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;

/**
 * The {@link OnSignal} methods of a context, found by bean name and type once every singleton exists
 * (as Spring finds {@code @EventListener} methods), so lazy, prototype and proxied beans are found
 * too. Singletons are resolved once, lazy ones on their first signal, prototypes on each. A bad method,
 * or one on a bean of a scope a signal cannot reach (request, session), fails startup naming the bean,
 * the method and the fix.
 */
final class OnSignalMethods {

    private static final Logger log = LoggerFactory.getLogger(OnSignalMethods.class);

    private final List<SignalMethod> methods;

    private OnSignalMethods(List<SignalMethod> methods) {
        this.methods = List.copyOf(methods);
    }

    /**
     * An {@link OnSignal} method of a bean. The bean and the method to call are resolved once: a singleton's
     * when the context is ready ({@link #resolve()}), a lazy singleton's on its first delivery; a prototype
     * bean is asked for on each delivery, as its scope promises a new instance.
     */
    static final class SignalMethod {

        private final ConfigurableListableBeanFactory beans;
        private final String beanName;
        private final Method method;
        private final Set<Signal> signals;
        private final int order;
        private final boolean async;
        private final boolean takesEvent;
        private final boolean prototype;
        private final boolean lazy;
        /** The bean and the method to call on it, once resolved (singletons only). */
        private volatile @Nullable Target resolved;

        private record Target(Object bean, Method method) {
        }

        SignalMethod(ConfigurableListableBeanFactory beans, String beanName, Method method, Set<Signal> signals, int order,
                     boolean async, boolean takesEvent, boolean prototype, boolean lazy) {
            this.beans = beans;
            this.beanName = beanName;
            this.method = method;
            this.signals = Set.copyOf(signals);
            this.order = order;
            this.async = async;
            this.takesEvent = takesEvent;
            this.prototype = prototype;
            this.lazy = lazy;
        }

        Set<Signal> signals() {
            return signals;
        }

        int order() {
            return order;
        }

        String beanName() {
            return beanName;
        }

        boolean async() {
            return async;
        }

        /** Resolves a non-lazy singleton's bean and method now, so a delivery does no lookup. */
        void resolve() {
            if (!prototype && !lazy) {
                target();
            }
        }

        private Target target() {
            Target target = resolved;
            if (target != null) {
                return target;
            }
            Object bean = beans.getBean(beanName);
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            ReflectionUtils.makeAccessible(invocable);
            target = new Target(bean, invocable);
            if (!prototype) {
                resolved = target;
            }
            return target;
        }

        void invoke(SignalEvent event) throws Throwable {
            Target target = target();
            try {
                if (takesEvent) {
                    target.method().invoke(target.bean(), event);
                } else {
                    target.method().invoke(target.bean());
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
            if (type == null || !AnnotationUtils.isCandidateClass(type, OnSignal.class) || isSpringContainerClass(type)) {
                continue;
            }
            Map<Method, OnSignal> annotated = MethodIntrospector.selectMethods(type,
                    (MethodIntrospector.MetadataLookup<OnSignal>) method -> AnnotatedElementUtils.findMergedAnnotation(method, OnSignal.class));
            for (Map.Entry<Method, OnSignal> entry : annotated.entrySet()) {
                found.add(check(beans, beanName, type, entry.getKey(), entry.getValue(), allowJobControl));
            }
        }
        return new OnSignalMethods(found);
    }

    /**
     * The framework's own beans, skipped as Spring's {@code @EventListener} processor skips them: most beans of a Boot
     * application are Spring's, and reflecting over each of their methods was most of this scan's startup cost.
     */
    private static boolean isSpringContainerClass(Class<?> type) {
        return type.getName().startsWith("org.springframework.") && !AnnotatedElementUtils.isAnnotated(type, Component.class);
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
            throw new GracefulSignalsConfigurationException(where + " takes (" + Arrays.stream(parameters).map(Class::getSimpleName)
                    .collect(Collectors.joining(", ")) + "), but an @OnSignal method takes no parameter or one SignalEvent.",
                    "Declare it as " + method.getName() + "() or " + method.getName() + "(SignalEvent event).");
        }
        if (onSignal.value().length == 0) {
            throw new GracefulSignalsConfigurationException(where + " names no signal.", "Name one, for example @OnSignal(\"USR1\").");
        }
        Set<Signal> signals = new LinkedHashSet<>();
        for (String name : onSignal.value()) {
            try {
                Signal signal = Signal.of(name);
                signal.checkHandleable(allowJobControl);
                signals.add(signal);
            } catch (IllegalArgumentException invalid) {
                throw new GracefulSignalsConfigurationException(where + " names \"" + name + "\": " + invalid.getMessage(),
                        "Name a signal the application may take, such as USR1, WINCH or RTMIN+3 (see the list of refused"
                        + " signals in docs/configuration.md).", invalid);
            }
        }
        BeanDefinition definition = definitionOf(beans, beanName);
        String scope = definition == null ? BeanDefinition.SCOPE_SINGLETON : definition.getScope();
        boolean prototype = BeanDefinition.SCOPE_PROTOTYPE.equals(scope);
        if (!prototype && !scope.isEmpty() && !BeanDefinition.SCOPE_SINGLETON.equals(scope)) {
            throw new GracefulSignalsConfigurationException(where + " is on a bean of scope '" + scope + "': a signal arrives"
                    + " outside any " + scope + ", so the bean could not be found when it does.",
                    "Move the method to a singleton bean (it may call into the " + scope + "-scoped bean where one is active),"
                    + " or make the bean a singleton or prototype.");
        }
        log.debug("{} handles {}", where, signals);
        return new SignalMethod(beans, beanName, method, signals, onSignal.order(), onSignal.async(), takesEvent, prototype,
                definition != null && definition.isLazyInit());
    }

    /** The definition that decides the bean's scope: the target's, for a scoped proxy. Null for a registered singleton. */
    private static @Nullable BeanDefinition definitionOf(ConfigurableListableBeanFactory beans, String beanName) {
        String target = ScopedProxyUtils.getTargetBeanName(beanName);
        String name = beans.containsBeanDefinition(target) ? target : beanName;
        return beans.containsBeanDefinition(name) ? beans.getMergedBeanDefinition(name) : null;
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
