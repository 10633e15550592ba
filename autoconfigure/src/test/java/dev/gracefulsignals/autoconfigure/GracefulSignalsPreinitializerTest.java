package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.gracefulsignals.autoconfigure.signals.SignalBridge;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;

/**
 * The background preinitializer: registered for every application, listing only classes that exist, and standing
 * down where the starter will not run.
 */
class GracefulSignalsPreinitializerTest {

    @Test
    void isRegisteredAsAnApplicationListener() {
        List<ApplicationListener> listeners = SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class);
        assertThat(listeners).hasAtLeastOneElementOfType(GracefulSignalsPreinitializer.class);
    }

    /** A renamed or removed class would silently go back to loading on the main thread: the list must name real classes. */
    @Test
    void everyListedClassExists() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        List<String> names = GracefulSignalsPreinitializer.startupClasses(loader);
        assertThat(names).as("the list in " + GracefulSignalsPreinitializer.STARTUP_CLASSES).hasSizeGreaterThan(50)
                .contains(GracefulSignalsAutoConfiguration.class.getName(), SignalBridge.class.getName());
        assertThat(names).allSatisfy(name -> assertThat(loads(name, loader)).as(name).isTrue());
    }

    @Test
    void runsByDefault() {
        assertThat(GracefulSignalsPreinitializer.wanted(new MockEnvironment())).isTrue();
        assertThat(GracefulSignalsPreinitializer.wanted(new MockEnvironment()
                .withProperty("spring.autoconfigure.exclude", "com.example.OtherAutoConfiguration"))).isTrue();
    }

    @Test
    void standsDownWhereTheStarterDoesNotRun() {
        assertThat(GracefulSignalsPreinitializer.wanted(new MockEnvironment().withProperty("graceful.enabled", "false"))).isFalse();
        String ours = GracefulSignalsAutoConfiguration.class.getName();
        assertThat(GracefulSignalsPreinitializer.wanted(new MockEnvironment()
                .withProperty("spring.autoconfigure.exclude", "com.example.OtherAutoConfiguration, " + ours))).isFalse();
        assertThat(GracefulSignalsPreinitializer.wanted(new MockEnvironment()
                .withProperty("spring.autoconfigure.exclude[0]", "com.example.OtherAutoConfiguration")
                .withProperty("spring.autoconfigure.exclude[1]", ours))).isFalse();
    }

    private static boolean loads(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
