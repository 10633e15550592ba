package dev.gracefulsignals.stacks.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownObserver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What happened in a child app, in order: the app adds its own steps (what it consumed, processed, completed), and
 * {@link Recording} adds {@code intake-stopped} when stop-intake finishes and {@code hook-start} when the hooks run,
 * then prints the steps as one {@code order=step,step,...} line, which the tests read with {@link OrderLine}.
 * Thread-safe: listeners, pools and the shutdown thread add to it at once.
 */
public final class ShutdownOrder {

    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final boolean echo;

    /** Steps noted only, printed together on the {@code order=} line. */
    public ShutdownOrder() {
        this(false);
    }

    private ShutdownOrder(boolean echo) {
        this.echo = echo;
    }

    /** Steps also printed each on its own line as they happen, for a test that waits for one. */
    public static ShutdownOrder echoing() {
        return new ShutdownOrder(true);
    }

    public void add(String step) {
        steps.add(step);
        if (echo) {
            System.out.println(step);
        }
    }

    /** The steps so far: a live, thread-safe list, so code that takes a {@code List<String>} can add to it too. */
    public List<String> steps() {
        return steps;
    }

    /** The line the hook prints: {@code order=} and the steps, comma-separated. */
    public String line() {
        return "order=" + String.join(",", steps);
    }

    /** What the app adds to the {@code hook-start} step after a space, e.g. {@code in-hand=0}: its state as the hooks begin. */
    @FunctionalInterface
    public interface HookNote {

        String note();
    }

    /**
     * To {@code @Import} into a child app that declares its {@link ShutdownOrder} as a bean: the observer that notes
     * {@code intake-stopped}, and the hook that notes {@code hook-start} (with the app's {@link HookNote}, if it has
     * one), waits {@code order.hook-pause} (500 ms unless the app sets it: work still running after stop-intake would
     * add its steps meanwhile), then prints {@link #line()}.
     */
    @Configuration(proxyBeanMethods = false)
    public static class Recording {

        @Bean
        ShutdownObserver intakeWatch(ShutdownOrder order) {
            return new ShutdownObserver() {
                @Override
                public void phaseFinished(String phase, Duration duration) {
                    if (phase.equals("stop-intake")) {
                        order.add("intake-stopped");
                    }
                }
            };
        }

        @Bean
        ShutdownHook printOrder(ShutdownOrder order, @Value("${order.hook-pause:500ms}") Duration pause,
                                ObjectProvider<HookNote> note) {
            return () -> {
                HookNote hookNote = note.getIfAvailable();
                order.add(hookNote == null ? "hook-start" : "hook-start " + hookNote.note());
                if (!pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
                System.out.println(order.line());
            };
        }
    }
}
