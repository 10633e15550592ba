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
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * {@code Connection: close} on every response while readiness is {@code REFUSING_TRAFFIC} (during
 * the drain delay), on the servlet and the reactive stack; on an HTTP/2 connection of Tomcat's or Reactor Netty's a
 * GOAWAY instead, since HTTP/2 has no connection header. Off with
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
        ConnectionCloseFilter gracefulConnectionCloseFilter(Refusing refusing, ObjectProvider<TomcatGoAway> goAway) {
            return new ConnectionCloseFilter(refusing, goAway.getIfAvailable());
        }

        /** HTTP/2 on Tomcat: a GOAWAY where HTTP/1.1 gets {@code Connection: close}. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.boot.tomcat.TomcatWebServer")
        static class Tomcat {

            @Bean
            TomcatGoAway gracefulTomcatGoAway(ApplicationContext context) {
                return new TomcatGoAway(context);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
    static class Reactive {

        /** reactor-netty-http, which brings Netty's HTTP/2 codec. */
        static final String REACTOR_NETTY = "reactor.netty.http.server.HttpServerRequest";

        /** With Reactor Netty on the class path, its HTTP/2 requests get a GOAWAY instead ({@link ReactorNettyGoAway}). */
        @Bean
        ConnectionCloseWebFilter gracefulConnectionCloseWebFilter(Refusing refusing, ApplicationContext context) {
            return new ConnectionCloseWebFilter(refusing, ClassUtils.isPresent(REACTOR_NETTY, context.getClassLoader()));
        }

        /** HTTP/2 on Reactor Netty: a GOAWAY to the connections open when the refusal begins. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = {REACTOR_NETTY, "org.springframework.boot.reactor.netty.NettyWebServer"})
        static class ReactorNetty {

            @Bean
            ReactorNettyGoAway gracefulReactorNettyGoAway(ApplicationContext context) {
                return new ReactorNettyGoAway(context);
            }
        }
    }
}
