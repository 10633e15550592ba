package dev.gracefulsignals.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.signal.Backend;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.NativeDetector;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the starter's one-time start-up work on a background thread as soon as the environment is
 * prepared, before the application context exists, as Spring Boot's own {@code BackgroundPreinitializer}
 * does for Boot's: it starts binding JNA and loading the native library ({@link Signals#prepare}, on a
 * thread of its own, which the dispatcher joins), and loads the classes the auto-configuration will need
 * (listed in {@value #STARTUP_CLASSES}). The
 * main thread then finds them loaded instead of loading them itself; a class it needs sooner it loads
 * as before (class loading is thread-safe and happens once).
 *
 * <p>Registered in {@code spring.factories}, so it runs for every application that has the starter.
 * It does nothing where that work would be wasted or would compete with the main thread: with
 * {@code graceful.enabled=false}, with {@link GracefulSignalsAutoConfiguration} in
 * {@code spring.autoconfigure.exclude}, with Boot's {@code spring.backgroundpreinitializer.ignore}
 * system property set to true, on a single CPU, or in a native image. It runs once per JVM.
 */
public final class GracefulSignalsPreinitializer implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** The class path resource with one class name per line ({@code #} starts a comment). */
    static final String STARTUP_CLASSES = "META-INF/graceful-signals/startup-classes.txt";

    /** Boot's switch for its own background preinitializer: ours honours it too. */
    private static final String IGNORE_PROPERTY = "spring.backgroundpreinitializer.ignore";

    private static final AtomicBoolean started = new AtomicBoolean();

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (!wanted(environment) || !started.compareAndSet(false, true)) {
            return;
        }
        Backend backend = backend(environment.getProperty("graceful.backend"));
        ClassLoader loader = GracefulSignalsPreinitializer.class.getClassLoader();
        Thread thread = new Thread(new Work(loader, backend), "graceful-signals-preinit");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the work is worth doing in this application (see the class comment). */
    static boolean wanted(ConfigurableEnvironment environment) {
        if (Boolean.getBoolean(IGNORE_PROPERTY) || Runtime.getRuntime().availableProcessors() <= 1 || NativeDetector.inNativeImage()) {
            return false;
        }
        // Plain property reads, no Binder or conversion: this runs on the main thread of every application with the
        // jar, the starter excluded included, and binding its first value costs milliseconds.
        if ("false".equalsIgnoreCase(trimmed(environment.getProperty("graceful.enabled")))) {
            return false;
        }
        return !excludes(environment, GracefulSignalsAutoConfiguration.class.getName());
    }

    /** Whether spring.autoconfigure.exclude names the class, as a comma-separated value or as an indexed list. */
    private static boolean excludes(ConfigurableEnvironment environment, String className) {
        String list = environment.getProperty("spring.autoconfigure.exclude");
        if (list != null) {
            for (String name : list.split(",")) {
                if (name.trim().equals(className)) {
                    return true;
                }
            }
        }
        for (int i = 0; ; i++) {
            String name = environment.getProperty("spring.autoconfigure.exclude[" + i + "]");
            if (name == null) {
                return false;
            }
            if (name.trim().equals(className)) {
                return true;
            }
        }
    }

    /** The configured backend, AUTO when unset or unreadable: the properties' binding reports a bad value later. */
    private static Backend backend(@Nullable String configured) {
        String name = trimmed(configured);
        for (Backend backend : Backend.values()) {
            if (backend.name().equalsIgnoreCase(name)) {
                return backend;
            }
        }
        return Backend.AUTO;
    }

    private static @Nullable String trimmed(@Nullable String value) {
        return value == null ? null : value.trim();
    }

    /** Runs after Boot's logging set-up, which listens to the same event: nothing here may initialize logging first. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Reads the names of the classes the start-up needs; a missing resource gives none. */
    static List<String> startupClasses(ClassLoader loader) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(STARTUP_CLASSES)) {
            if (in == null) {
                return names;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String name = line.trim();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** The background work: the native code, and the classes (loaded, not initialized: their static state is not ours to run early). */
    private record Work(ClassLoader loader, Backend backend) implements Runnable {

        @Override
        public void run() {
            // First: the native binding runs on its own thread meanwhile, and the dispatcher waits for it.
            Signals.prepare(backend);
            try {
                for (String name : startupClasses(loader)) {
                    try {
                        Class.forName(name, false, loader);
                    } catch (ClassNotFoundException | LinkageError absent) {
                        // an optional dependency's class, or a renamed one: the main thread does without it as before
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                // nothing preloaded: the main thread loads what it needs, as without this class
            }
        }
    }
}
