package dev.gracefulsignals.autoconfigure.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;

/**
 * While readiness is {@code REFUSING_TRAFFIC}, answers with {@code Connection: close}: the client or
 * load balancer opens its next connection elsewhere instead of reusing this one, which the drain
 * would close under it. The servlet stack's half of the keep-alive feature.
 */
final class ConnectionCloseFilter implements Filter, Ordered {

    private final Refusing refusing;

    ConnectionCloseFilter(Refusing refusing) {
        this.refusing = refusing;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (refusing.now() && response instanceof HttpServletResponse http) {
            http.setHeader("Connection", "close");
        }
        chain.doFilter(request, response);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
