package dev.gracefulsignals.autoconfigure.web;

import dev.gracefulsignals.autoconfigure.GracefulSignalsAutoConfiguration;
import dev.gracefulsignals.autoconfigure.shutdown.GracefulShutdown;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code Connection: close} on every response while readiness is {@code REFUSING_TRAFFIC} (during
 * the drain delay), on the servlet and the reactive stack. Off with
 * {@code graceful.shutdown.close-connections-while-refusing=false}.
 */
@AutoConfiguration(after = GracefulSignalsAutoConfiguration.class)
@ConditionalOnBean(GracefulShutdown.class)
@ConditionalOnBooleanProperty(name = "graceful.shutdown.close-connections-while-refusing", matchIfMissing = true)
public final class KeepAliveAutoConfiguration {

    /** One flag for the stack's filter, flipped by readiness changes: the per-request check reads a field. */
    @Bean
    Refusing gracefulRefusingTraffic(ObjectProvider<ApplicationAvailability> availability) {
        return new Refusing(availability.getIfAvailable());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Filter")
    static class Servlet {

        @Bean
        ConnectionCloseFilter gracefulConnectionCloseFilter(Refusing refusing) {
            return new ConnectionCloseFilter(refusing);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
    static class Reactive {

        @Bean
        ConnectionCloseWebFilter gracefulConnectionCloseWebFilter(Refusing refusing) {
            return new ConnectionCloseWebFilter(refusing);
        }
    }
}
