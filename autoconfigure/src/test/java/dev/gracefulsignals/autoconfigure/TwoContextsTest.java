package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.signal.Signal;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.test.RecordingProcessExit;
import dev.gracefulsignals.test.TestSignals;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Two application contexts in one JVM share the process-wide handler; closing one leaves the other working. */
class TwoContextsTest {

    private static final BlockingQueue<String> CALLS = new LinkedBlockingQueue<>();

    @Test
    void bothReceiveAndClosingOneKeepsTheOtherWorking() throws Exception {
        ConfigurableApplicationContext first = start("first");
        ConfigurableApplicationContext second = start("second");
        try {
            TestSignals.send("USR1");
            assertThat(List.of(next(), next())).as("each context answers once").containsExactlyInAnyOrder("first", "second");

            first.close();
            assertThat(Signals.handled()).contains(Signal.USR1, Signal.TERM);
            assertThat(Signals.isHandlerInstalled(Signal.USR1)).isTrue();
            TestSignals.send("USR1");
            assertThat(next()).isEqualTo("second");
            // A later signal that reached the open context shows the closed one had its chance, and took nothing.
            TestSignals.send("USR1");
            assertThat(next()).isEqualTo("second");
            assertThat(CALLS).as("the closed context gets nothing").isEmpty();
        } finally {
            first.close();
            second.close();
        }
        assertThat(Signals.handled()).as("the last one out gives the signals back").isEmpty();
    }

    private static ConfigurableApplicationContext start(String name) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties("app.name=" + name, "spring.main.banner-mode=off")
                .run();
    }

    private static String next() throws InterruptedException {
        String call = CALLS.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("a call within 10 s").isNotNull();
        return call;
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(GracefulSignalsAutoConfiguration.class)
    static class App {

        @Bean
        RecordingProcessExit processExit() {
            return new RecordingProcessExit();
        }

        @Bean
        Listener listener(org.springframework.core.env.Environment environment) {
            return new Listener(environment.getProperty("app.name"));
        }
    }

    static class Listener {
        private final String name;

        Listener(String name) {
            this.name = name;
        }

        @OnSignal("USR1")
        void on() {
            CALLS.add(name);
        }
    }
}
