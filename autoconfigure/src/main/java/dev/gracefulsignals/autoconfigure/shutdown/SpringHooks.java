package dev.gracefulsignals.autoconfigure.shutdown;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.shutdown.phase.NamedHook;
import dev.gracefulsignals.shutdown.phase.RunHooks;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The {@link ShutdownHook} beans, for the core's {@code hooks} phase ({@link RunHooks}): named by their bean names,
 * in the order {@code @Order} and {@link Ordered} give them (on the bean or on its {@code @Bean} method).
 */
final class SpringHooks implements RunHooks.Hooks {

    private final ConfigurableApplicationContext context;

    SpringHooks(ConfigurableApplicationContext context) {
        this.context = context;
    }

    @Override
    public List<NamedHook> ordered() {
        // Loops, not lambdas: the hooks phase runs this after the signal (see the package-info of dev.gracefulsignals.shutdown).
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
}
