package dev.gracefulsignals.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import dev.gracefulsignals.signal.Backend;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The smallest Boot app a user could write (no web server, no component scan, no beans of its own),
 * run from this jar with or without the starter's auto-configuration.
 *
 * <p>"Without" excludes the starter's auto-configurations by name rather than setting
 * {@code graceful.enabled=false}: the class path, the jar and the JVM flags stay the same, and the
 * library's code is never loaded (the names are strings, not class literals), so the difference between
 * the two is exactly what the starter adds to an app: its conditions, beans, native library and
 * dispatcher thread. {@code graceful.enabled=false} would still evaluate the condition and is
 * a configuration of the starter, not its absence.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class MinimalBootApp {

    /** Everything the starter registers in {@code AutoConfiguration.imports}. */
    static final String STARTER_AUTO_CONFIGURATIONS = "dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration,"
            + "dev.gracefulsignals.autoconfigure.reload.SignalReloadRefreshAutoConfiguration";

    /**
     * Runs the app.
     *
     * @param starter  whether the starter's auto-configuration applies
     * @param backend  {@code graceful.backend} (ignored without the starter)
     * @param beans    registers the caller's beans (they go through the full bean lifecycle, so {@code @OnSignal} is found)
     * @param onReady  called first thing on {@code ApplicationReadyEvent} with {@link System#nanoTime()}
     */
    static ConfigurableApplicationContext run(boolean starter, Backend backend, Consumer<GenericApplicationContext> beans,
                                              LongConsumer onReady) {
        SpringApplication app = new SpringApplication(MinimalBootApp.class);
        app.setBannerMode(Banner.Mode.OFF); // standard output carries the harness protocol
        app.setWebApplicationType(WebApplicationType.NONE); // the web stacks on this jar's class path are for WebApp only
        Map<String, Object> properties = new LinkedHashMap<>();
        if (starter) {
            properties.put("graceful.backend", backend.name().toLowerCase());
        } else {
            properties.put("spring.autoconfigure.exclude", STARTER_AUTO_CONFIGURATIONS);
        }
        app.setDefaultProperties(properties);
        app.addInitializers(context -> beans.accept((GenericApplicationContext) context));
        app.addListeners(event -> {
            if (event instanceof ApplicationReadyEvent) {
                onReady.accept(System.nanoTime());
            }
        });
        return app.run();
    }
}
