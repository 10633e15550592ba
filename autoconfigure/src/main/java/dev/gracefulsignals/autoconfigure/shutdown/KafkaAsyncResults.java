package dev.gracefulsignals.autoconfigure.shutdown;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The results of {@code @KafkaListener} (and {@code @KafkaHandler}) methods that return a {@code CompletableFuture} or
 * a {@code Mono}, counted until Spring Kafka has handled them (reply sent, record acknowledged), so that stop-intake
 * can wait for them before it stops the containers ({@link KafkaListenersIntake}). Spring Kafka before 4.2 does not:
 * the container stops while such a result is still running, its acknowledgement comes after the consumer closed (the
 * offset is never committed and the record comes again), and the work runs on into the hooks and the destroyed beans
 * (spring-kafka#4519; 4.2's {@code awaitAsyncResultsOnStop} is off by default).
 *
 * <p>A post-processor that advises those listener beans, as {@code @Async} and {@code @Validated} are advised: the
 * advice runs the method, and hands Spring Kafka a result that completes only after the counting is in place. For a
 * future, a second future that the first one completes and the count drops right after its callbacks (Spring Kafka's
 * acknowledgement among them) have run; for a {@code Mono}, {@code doFinally}, which runs after the signal went
 * downstream, to Spring Kafka's acknowledgement. Class-based proxies, so the listener methods stay where Spring Kafka
 * looks for them; a final class cannot have one and is left as it is, with a warning.
 */
final class KafkaAsyncResults extends AbstractAdvisingBeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(KafkaAsyncResults.class);

    private static final boolean MONO = ClassUtils.isPresent("reactor.core.publisher.Mono", KafkaAsyncResults.class.getClassLoader());

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean advised;

    KafkaAsyncResults() {
        this.advisor = new DefaultPointcutAdvisor(new AsyncListenerMethods(), new CountResults(inFlight));
        setBeforeExistingAdvisors(true); // count the result the listener's own bean hands out, after any other advice
        setProxyTargetClass(true);
        setOrder(Ordered.LOWEST_PRECEDENCE - 1); // before Spring Kafka's post-processor, so its endpoints call the proxy
    }

    /** Whether any listener with an asynchronous result exists: only then does stop-intake pause and wait. */
    boolean anyListener() {
        return advised;
    }

    /** The results returned and not yet handled by Spring Kafka. */
    int inFlight() {
        return inFlight.get();
    }

    @Override
    protected boolean isEligible(Class<?> targetClass) {
        boolean eligible = super.isEligible(targetClass);
        if (eligible && Modifier.isFinal(targetClass.getModifiers())) { // a Kotlin class, a record: no subclass, no proxy
            log.warn("{} has Kafka listeners with asynchronous results but is final: stop-intake cannot wait for them"
                    + " (make it open, or let Spring Kafka 4.2's awaitAsyncResultsOnStop do it)", targetClass.getName());
            return false;
        }
        if (eligible) {
            advised = true;
        }
        return eligible;
    }

    /** Listener methods whose result Spring Kafka handles asynchronously (its {@code AdapterUtils.isAsyncReply}). */
    private static final class AsyncListenerMethods extends StaticMethodMatcherPointcut {

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            Class<?> type = method.getReturnType();
            boolean async = type == CompletableFuture.class || (MONO && type.getName().equals("reactor.core.publisher.Mono"));
            return async && (AnnotatedElementUtils.hasAnnotation(method, KafkaListener.class)
                    || AnnotatedElementUtils.hasAnnotation(method, KafkaHandler.class));
        }
    }

    private static final class CountResults implements MethodInterceptor {

        private final AtomicInteger inFlight;

        CountResults(AtomicInteger inFlight) {
            this.inFlight = inFlight;
        }

        @Override
        public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
            Object result = invocation.proceed();
            if (result instanceof CompletableFuture<?> future) {
                CompletableFuture<Object> handed = new CompletableFuture<>();
                inFlight.incrementAndGet();
                future.whenComplete(new Relay(handed, inFlight));
                return handed;
            }
            if (MONO && result != null && result.getClass().getName().startsWith("reactor.core.publisher.")) {
                return MonoResults.count(result, inFlight);
            }
            return result;
        }
    }

    /** Completes the future Spring Kafka holds, whose callbacks run right there, then counts the result as handled. */
    private static final class Relay implements BiConsumer<Object, Throwable> {

        private final CompletableFuture<Object> handed;
        private final AtomicInteger inFlight;

        Relay(CompletableFuture<Object> handed, AtomicInteger inFlight) {
            this.handed = handed;
            this.inFlight = inFlight;
        }

        @Override
        public void accept(@Nullable Object value, @Nullable Throwable failure) {
            try {
                if (failure == null) {
                    handed.complete(value);
                } else {
                    handed.completeExceptionally(failure);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /** Reactor's types only here, loaded only when a listener returned a {@code Mono}. */
    private static final class MonoResults {

        static Object count(Object result, AtomicInteger inFlight) {
            if (!(result instanceof Mono<?> mono)) {
                return result;
            }
            inFlight.incrementAndGet();
            return mono.doFinally(new Handled(inFlight));
        }
    }

    private static final class Handled implements Consumer<SignalType> {

        private final AtomicInteger inFlight;

        Handled(AtomicInteger inFlight) {
            this.inFlight = inFlight;
        }

        @Override
        public void accept(SignalType signal) {
            inFlight.decrementAndGet();
        }
    }
}
