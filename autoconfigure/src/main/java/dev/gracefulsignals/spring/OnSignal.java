package dev.gracefulsignals.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Calls the annotated bean method when one of the named signals arrives:
 *
 * <pre>{@code
 * @OnSignal("USR1")
 * void dumpStatus(SignalEvent event) {
 *     log.info("status requested by {}", event.getOrigin());
 * }
 * }</pre>
 *
 * <p>The method takes no parameter or one {@link SignalEvent}. Names are as {@code kill -l} prints
 * them, case-insensitive, with or without {@code SIG}: {@code "USR1"}, {@code "SIGHUP"},
 * {@code "RTMIN+3"}. A signal named only here gets the {@code event} action; its configured action
 * (for example {@code shutdown} for TERM) still applies.
 *
 * <p>Methods run one after another in {@link #order()} on the dispatcher thread that woke for the
 * signal ("graceful-signals-N"), never in signal context and never on the thread that starts the
 * shutdown, so a slow method delays the methods and events after it for the same signal (later
 * deliveries merge meanwhile, counts added), but no other signal and no shutdown. With {@link #async()}
 * a method runs on one of {@code graceful.async-threads} threads instead, once at a time per signal.
 *
 * <p>For a signal whose action is {@code shutdown} (TERM and INT by default) the methods run inside the shutdown
 * sequence instead, as its first step ({@code signal-listeners}), once, for the signal that started it: on the
 * "graceful-shutdown-listeners" thread (async ones on the async threads, alongside), before readiness turns
 * {@code REFUSING_TRAFFIC}, so a {@code ShutdownHook} sees their work done. The step waits up to
 * {@code graceful.shutdown.listener-timeout} (5 s), within the deadline, and a repeated signal ends the wait; a method
 * still running then is interrupted and no longer waited for, and the methods not started yet never start.
 * A method that throws is logged and the others still run. The bean must be a singleton (lazy or not)
 * or a prototype (a new instance per signal): a request- or session-scoped bean fails startup. As with
 * {@code @EventListener}, the methods are looked for on the application's beans: classes in
 * {@code org.springframework} packages are skipped unless they are {@code @Component}s.
 *
 * <p>A refused signal (KILL, STOP, SEGV, USR2, QUIT, ...) or a bad signature fails startup with a
 * message naming the bean, the method and the fix.
 *
 * <p>Meta-annotated {@link Reflective}, as {@code @EventListener} is: Spring's AOT engine registers every
 * annotated bean method for reflective invocation, so the methods are found and called in a native image.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
public @interface OnSignal {

    /** The signals, for example {@code {"USR1", "RTMIN+3"}}. */
    String[] value();

    /** Lower runs first among the methods for one signal; equal orders run in bean-name order. */
    int order() default 0;

    /** Run on one of the {@code graceful.async-threads} threads, so it holds up no other method; once at a time per signal, a busy one merges its deliveries. */
    boolean async() default false;
}
