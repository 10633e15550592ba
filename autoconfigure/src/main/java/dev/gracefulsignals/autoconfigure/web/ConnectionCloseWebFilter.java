package dev.gracefulsignals.autoconfigure.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The reactive stack's {@link ConnectionCloseFilter}: {@code Connection: close} while readiness refuses traffic, and on
 * Reactor Netty's HTTP/2 connections a GOAWAY instead ({@link ReactorNettyGoAway}): HTTP/2 has no connection header.
 */
final class ConnectionCloseWebFilter implements WebFilter, Ordered {

    private final Refusing refusing;
    /** Reactor Netty on the class path: its HTTP/2 requests are told apart; {@link ReactorNettyGoAway} is loaded only then. */
    private final boolean reactorNetty;

    ConnectionCloseWebFilter(Refusing refusing, boolean reactorNetty) {
        this.refusing = refusing;
        this.reactorNetty = reactorNetty;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (refusing.now() && !(reactorNetty && ReactorNettyGoAway.http2(exchange.getRequest()))) {
            exchange.getResponse().getHeaders().set("Connection", "close");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
