package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.shutdown.ShutdownToken;
import dev.gracefulsignals.shutdown.ShutdownTrigger;
import dev.gracefulsignals.test.RecordingProcessExit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With graceful.enabled=false nothing is taken, yet code that injects the ShutdownToken starts and is told of the close. */
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
}
