package dev.gracefulsignals.autoconfigure.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.test.RecordingProcessExit;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Given Spring AMQP on the class path or not, the Rabbit intake or none, and none of Spring AMQP's classes needed. */
class RabbitIntakeConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GracefulSignalsAutoConfiguration.class))
            // A real TERM would end the test JVM through System.exit: record the exit instead.
            .withBean(RecordingProcessExit.class, RecordingProcessExit::new);

    @Test
    void withSpringAmqpTheRabbitListenersAreAnIntake() {
        runner.run(context -> assertThat(context).getBean("gracefulRabbitIntake").isInstanceOf(RabbitListenerIntake.class)
                .hasToString("Rabbit listeners"));
    }

    @Test
    void withoutSpringAmqpThereIsNoRabbitIntake() {
        runner.withClassLoader(new FilteredClassLoader(RabbitListenerEndpointRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("gracefulRabbitIntake"));
    }
}
