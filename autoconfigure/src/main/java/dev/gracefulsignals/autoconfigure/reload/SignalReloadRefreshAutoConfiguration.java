package dev.gracefulsignals.autoconfigure.reload;

import java.util.Set;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.signals.SignalBridge;
import dev.gracefulsignals.spring.SignalReloadEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * With spring-cloud-context, a reload signal (HUP by default) refreshes the context through its
 * {@link ContextRefresher}: the environment is reloaded, {@code @ConfigurationProperties} beans are
 * re-bound and {@code @RefreshScope} beans re-created.
 */
@AutoConfiguration(after = { RefreshAutoConfiguration.class, GracefulSignalsAutoConfiguration.class })
@ConditionalOnClass(ContextRefresher.class)
@ConditionalOnBean({ ContextRefresher.class, SignalBridge.class })
public final class SignalReloadRefreshAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SignalReloadRefreshAutoConfiguration.class);

    @Bean
    ApplicationListener<SignalReloadEvent> contextRefreshOnReloadSignal(ContextRefresher refresher) {
        return new RefreshOnReload(refresher);
    }

    /**
     * A named class, not a lambda: Spring cannot read a lambda's event type, so it would count as a listener of every
     * {@code SignalEvent}, and a shutdown signal would get a listener step (and a thread parked for it) for nothing.
     */
    static final class RefreshOnReload implements ApplicationListener<SignalReloadEvent> {

        private final ContextRefresher refresher;

        RefreshOnReload(ContextRefresher refresher) {
            this.refresher = refresher;
        }

        @Override
        public void onApplicationEvent(SignalReloadEvent event) {
            Set<String> changed = refresher.refresh();
            log.info("{} refreshed the context; changed keys: {}", event.getSignal(), changed);
        }
    }
}
