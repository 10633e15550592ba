package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.SignalEvent;
import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * Two contexts alive in one JVM (as the test framework's cache keeps them) each take a private test
 * signal: a real signal sent for one of them reaches that one only.
 */
class PrivateTestSignalTest {

    private static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

    @Test
    void aPrivateSignalReachesOnlyTheContextThatTakesIt() throws Exception {
        Signal firstSignal = TestSignals.privateSignal();
        Signal secondSignal = TestSignals.privateSignal();
        assertThat(firstSignal).isNotEqualTo(secondSignal);
        try (ConfigurableApplicationContext first = start("first", firstSignal);
             ConfigurableApplicationContext second = start("second", secondSignal)) {

            TestSignals.send(secondSignal);
            assertThat(EVENTS.poll(10, TimeUnit.SECONDS)).isEqualTo("second " + secondSignal.name());

            TestSignals.send(firstSignal);
            assertThat(EVENTS.poll(10, TimeUnit.SECONDS)).isEqualTo("first " + firstSignal.name());
            assertThat(EVENTS.poll(300, TimeUnit.MILLISECONDS)).as("no other context saw either signal").isNull();
        }
    }

    private static ConfigurableApplicationContext start(String name, Signal signal) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("app.name=" + name, "spring.main.banner-mode=off", TestSignals.actionProperty(signal) + "=event")
                .run();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(GracefulSignalsAutoConfiguration.class)
    static class App {

        @Bean
        RecordingProcessExit processExit() {
            return new RecordingProcessExit();
        }

        @Bean
        Listener listener(Environment environment) {
            return new Listener(environment.getProperty("app.name"));
        }
    }

    static class Listener {
        private final String name;

        Listener(String name) {
            this.name = name;
        }

        @EventListener
        void on(SignalEvent event) {
            EVENTS.add(name + " " + event.getSignal().name());
        }
    }
}
