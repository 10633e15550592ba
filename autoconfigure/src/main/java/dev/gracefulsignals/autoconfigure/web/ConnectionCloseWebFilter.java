package dev.gracefulsignals.autoconfigure.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The reactive stack's {@link ConnectionCloseFilter}: {@code Connection: close} while readiness refuses traffic. */
final class ConnectionCloseWebFilter implements WebFilter, Ordered {

    private final Refusing refusing;

    ConnectionCloseWebFilter(Refusing refusing) {
        this.refusing = refusing;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (refusing.now()) {
            exchange.getResponse().getHeaders().set("Connection", "close");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
