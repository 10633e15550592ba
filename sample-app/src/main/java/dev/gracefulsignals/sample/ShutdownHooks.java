package dev.gracefulsignals.sample;

import java.util.concurrent.CountDownLatch;

import dev.gracefulsignals.shutdown.ShutdownHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Work for the end of the shutdown, after intake stopped (the requests in flight have finished) and
 * tasks were cancelled, while every bean is still alive: the log shows {@code stop-intake}, Tomcat's
 * "Graceful shutdown complete", {@code cancel-tasks}, then these hooks. They run one after another in their {@code @Order}, each bounded by
 * {@code graceful.shutdown.hook-timeout}.
 */
@Configuration(proxyBeanMethods = false)
public class ShutdownHooks {

    private static final Logger log = LoggerFactory.getLogger(ShutdownHooks.class);

    // tag::hooks[]
    @Bean
    @Order(1)
    ShutdownHook flushBuffer(EventBuffer buffer, SampleProperties properties) {
        return () -> {
            int written = buffer.flushTo(properties.bufferFile());
            log.info("hook 1/2 flushBuffer: wrote {} buffered events to {}", written, properties.bufferFile());
        };
    }

    @Bean
    @Order(2)
    ShutdownHook deregister() {
        return () -> log.info("hook 2/2 deregister: removed this instance from the service registry");
    }
    // end::hooks[]

    /** With {@code sample.hang-hook=true}: a hook that never returns, so the deadline halts the process. */
    @Bean
    @Order(3)
    @ConditionalOnBooleanProperty("sample.hang-hook")
    ShutdownHook hangForever() {
        return () -> {
            log.warn("hook 3/2 hangForever: never returns (sample.hang-hook=true)");
            new CountDownLatch(1).await();
        };
    }
}
