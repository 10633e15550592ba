package dev.gracefulsignals.autoconfigure.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * While readiness is {@code REFUSING_TRAFFIC}, answers with {@code Connection: close}: the client or
 * load balancer opens its next connection elsewhere instead of reusing this one, which the drain
 * would close under it. The servlet stack's half of the keep-alive feature.
 *
 * <p>Not on HTTP/2: RFC 9113, section 8.2.2 forbids connection-specific header fields there, and a strict client
 * (Netty's, nghttp2's) takes such a response as malformed and resets the stream. On Tomcat the connection gets a
 * GOAWAY instead ({@link TomcatGoAway}), HTTP/2's way of saying the same; on another servlet container nothing.
 */
final class ConnectionCloseFilter implements Filter, Ordered {

    private final Refusing refusing;
    private final @Nullable TomcatGoAway goAway;

    ConnectionCloseFilter(Refusing refusing, @Nullable TomcatGoAway goAway) {
        this.refusing = refusing;
        this.goAway = goAway;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (refusing.now() && request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer) {
            if (!http.getProtocol().startsWith("HTTP/2")) {
                answer.setHeader("Connection", "close");
            } else if (goAway != null) {
                goAway.request(http);
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
