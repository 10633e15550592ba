package dev.gracefulsignals.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.gracefulsignals.shutdown.ShutdownCoordinator;
import dev.gracefulsignals.shutdown.ShutdownCoordinator.NamedHook;
import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.ShutdownPhase;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * {@code hooks}: the {@link ShutdownHook} beans by their order, each under its own timeout, beans
 * still alive. With {@code graceful.shutdown.concurrent-hooks}, hooks of equal order run together.
 */
final class RunHooks implements ShutdownPhase {

    private final ConfigurableApplicationContext context;
    private final Duration defaultTimeout;
    private final boolean concurrent;

    RunHooks(ConfigurableApplicationContext context, Duration defaultTimeout, boolean concurrent) {
        this.context = context;
        this.defaultTimeout = defaultTimeout;
        this.concurrent = concurrent;
    }

    @Override
    public String name() {
        return "hooks";
    }

    @Override
    public void run(ShutdownCoordinator sequence) {
        sequence.runHooks(orderedHooks(), defaultTimeout, concurrent);
    }

    List<NamedHook> orderedHooks() {
        // Loops, not lambdas: the hooks phase runs this after the signal, where linking a lambda costs ~1 ms.
        Map<ShutdownHook, String> names = new IdentityHashMap<>();
        for (Map.Entry<String, ShutdownHook> bean : context.getBeansOfType(ShutdownHook.class, false, false).entrySet()) {
            names.put(bean.getValue(), bean.getKey());
        }
        List<NamedHook> ordered = new ArrayList<>();
        // orderedStream honours @Order and Ordered on the bean and on its @Bean method.
        for (ShutdownHook hook : context.getBeanProvider(ShutdownHook.class).orderedStream().toList()) {
            String name = names.get(hook);
            if (name != null) {
                ordered.add(new NamedHook(name, orderOf(name, hook), hook));
            }
        }
        return List.copyOf(ordered);
    }

    private int orderOf(String name, ShutdownHook hook) {
        if (hook instanceof Ordered ordered) {
            return ordered.getOrder();
        }
        Order order = context.getBeanFactory().findAnnotationOnBean(name, Order.class); // the class or the @Bean method
        return order == null ? Ordered.LOWEST_PRECEDENCE : order.value();
    }

    /**
     * The hooks that would still run when the time left for them (the deadline less the drain delay and the task grace period) is
     * spent, if every hook used its whole timeout: each hook's worst case ends where the previous group's ended.
     */
    List<String> hooksPast(Duration budget) {
        List<String> past = new ArrayList<>();
        Duration end = Duration.ZERO;
        for (List<NamedHook> group : ShutdownCoordinator.hookGroups(orderedHooks(), concurrent)) {
            Duration longest = Duration.ZERO;
            for (NamedHook hook : group) {
                Duration limit = hook.hook().timeout().orElse(defaultTimeout);
                longest = limit.compareTo(longest) > 0 ? limit : longest;
            }
            end = end.plus(longest);
            if (end.compareTo(budget) > 0) {
                for (NamedHook hook : group) {
                    past.add(hook.name());
                }
            }
        }
        return past;
    }
}
