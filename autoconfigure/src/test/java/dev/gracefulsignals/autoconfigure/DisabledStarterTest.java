package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;

import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import dev.gracefulsignals.autoconfigure.signals.SignalBridge;
import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
import dev.gracefulsignals.test.RecordingProcessExit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * With graceful.enabled=false nothing is taken, yet code that injects the ShutdownToken starts and is told of the close;
 * with the core auto-configuration excluded, none of the starter's beans exists.
 */
class DisabledStarterTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class, GracefulSignalsDisabledAutoConfiguration.class))
            .withPropertyValues("graceful.enabled=false");

    @Test
    void aTokenRequestedWhenTheContextCloses() {
        AtomicReference<ShutdownToken> token = new AtomicReference<>();
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ShutdownToken.class).doesNotHaveBean(SignalBridge.class)
                    .doesNotHaveBean(GracefulShutdown.class);
            assertThat(Signals.handled()).isEmpty();
            token.set(context.getBean(ShutdownToken.class));
            assertThat(token.get().isRequested()).as("not before the close").isFalse();
        });
        assertThat(token.get().isRequested()).isTrue();
        assertThat(token.get().trigger()).map(ShutdownTrigger::kind).contains(ShutdownTrigger.Kind.CONTEXT_CLOSE);
    }

    @Test
    void backsOffFromTheUsersOwnToken() {
        ShutdownToken mine = new ShutdownToken();
        runner.withBean("myToken", ShutdownToken.class, () -> mine).run(context ->
                assertThat(context).hasSingleBean(ShutdownToken.class).getBean(ShutdownToken.class).isSameAs(mine));
        assertThat(mine.isRequested()).as("the user's own token is requested at the close too").isTrue();
    }

    @Test
    void enabledLeavesTheTokenToTheShutdownSequence() {
        runner.withPropertyValues("graceful.enabled=true")
                .withBean(RecordingProcessExit.class, RecordingProcessExit::new)
                .run(context -> assertThat(context).hasSingleBean(ShutdownToken.class).hasSingleBean(GracefulShutdown.class)
                        .doesNotHaveBean("shutdownTokenOnContextClose"));
    }

    /**
     * {@code spring.autoconfigure.exclude=dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration} turns the
     * starter off: every other auto-configuration of ours backs off with it (no JFR events, meters, observations,
     * systemd notifier or Connection: close filter left behind), on a web application with a meter registry, an
     * observation registry and NOTIFY_SOCKET set, where each of them would otherwise apply.
     */
    @Test
    void excludingTheCoreAutoConfigurationLeavesNoBeanOfOurs() {
        Class<?>[] others = StreamSupport.stream(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).spliterator(), false)
                .filter(name -> name.startsWith("dev.gracefulsignals.") && !name.equals(GracefulSignalsAutoConfiguration.class.getName()))
                .map(name -> ClassUtils.resolveClassName(name, getClass().getClassLoader())).toArray(Class<?>[]::new);
        assertThat(others).as("the other auto-configurations of ours").hasSizeGreaterThan(5);
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(others))
                .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withPropertyValues("NOTIFY_SOCKET=/run/systemd/notify")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(beansOfOurs(context)).isEmpty();
                });
    }

    private static List<String> beansOfOurs(ApplicationContext context) {
        return Arrays.stream(context.getBeanDefinitionNames())
                .filter(name -> context.getType(name) != null && context.getType(name).getName().startsWith("dev.gracefulsignals."))
                .map(name -> name + ": " + context.getType(name).getName()).toList();
    }
}
