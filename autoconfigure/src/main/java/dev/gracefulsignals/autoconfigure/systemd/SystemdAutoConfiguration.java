package dev.gracefulsignals.autoconfigure.systemd;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import dev.gracefulsignals.systemd.SystemdNotifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * systemd's notify protocol, when systemd started the process with {@code NOTIFY_SOCKET} (an
 * environment variable, which Spring's environment exposes as a property) and
 * {@code graceful.systemd.enabled} is not false. Without {@code NOTIFY_SOCKET} nothing is created.
 */
@AutoConfiguration(after = GracefulSignalsAutoConfiguration.class)
@ConditionalOnBean(GracefulShutdown.class)
@ConditionalOnBooleanProperty(name = "graceful.systemd.enabled", matchIfMissing = true)
@ConditionalOnProperty("NOTIFY_SOCKET")
public final class SystemdAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SystemdNotifier systemdNotifier() {
        return SystemdNotifier.fromEnvironment();
    }

    @Bean
    @ConditionalOnMissingBean
    SystemdIntegration systemdIntegration(SystemdNotifier notifier, ObjectProvider<ApplicationAvailability> availability,
                                          ObjectProvider<GracefulShutdown> shutdown, ApplicationContext context) {
        return new SystemdIntegration(notifier, availability.getIfAvailable(), () -> shutdown.getObject().coordinator(), context);
    }
}
