package dev.gracefulsignals.autoconfigure;

import dev.gracefulsignals.shutdown.ShutdownToken;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;

/**
 * With {@code graceful.enabled=false} no signal is taken and no sequence runs, but code written for
 * the starter keeps working: it still gets a {@link ShutdownToken}, requested when the application
 * context closes (as the JVM's shutdown hook closes it on TERM or INT), so loops that watch the token
 * stop with the application instead of failing to start for want of the bean.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "graceful.enabled", havingValue = false)
public final class GracefulSignalsDisabledAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ShutdownToken shutdownToken() {
        return new ShutdownToken();
    }

    @Bean
    ApplicationListener<ContextClosedEvent> shutdownTokenOnContextClose(ShutdownToken token, ConfigurableApplicationContext context) {
        return event -> {
            if (event.getApplicationContext() == context) { // not a child context's close, such as the management server's
                token.requestForContextClose();
            }
        };
    }
}
