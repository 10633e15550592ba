package dev.gracefulsignals.autoconfigure.web;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * The HTTP/2 half of the keep-alive feature on Tomcat: while readiness is {@code REFUSING_TRAFFIC}, every HTTP/2
 * connection of the application's server gets a GOAWAY, as an HTTP/1.1 response gets {@code Connection: close}.
 *
 * <p>It calls what Tomcat itself calls when its graceful shutdown closes the server socket: the connection handler's
 * {@code pause()}, which tells each connection's processor that the server is leaving. Tomcat's HTTP/1.1 and WebSocket
 * processors do nothing there; its {@code Http2UpgradeHandler} sends a GOAWAY with the highest stream id (RFC 9113,
 * section 6.8: the graceful first step, every stream the client already sent is still served), then, one round
 * trip later, a GOAWAY with the last stream it took, and serves every stream up to that one. A client opens its
 * next streams on a new connection, which the server still accepts and serves during the drain delay, and which
 * the load balancer may send to another replica. The endpoint itself is not paused: the server keeps accepting
 * until stop-intake, where Boot's graceful shutdown does the rest.
 *
 * <p>When: once when readiness turns {@code REFUSING_TRAFFIC} (the connections open then, idle or busy), and again
 * for each HTTP/2 connection first seen by {@link ConnectionCloseFilter} while refusing (one opened during the drain
 * delay). {@code pause()} acts once per connection, so calling it again is harmless. Only the main context's server:
 * a management server of its own (a child context) keeps its connections. Loaded only when Tomcat is on the class
 * path.
 */
final class TomcatGoAway implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

    private static final Logger log = LoggerFactory.getLogger(TomcatGoAway.class);

    private final ApplicationContext context;
    /** The HTTP/2 connections told to go away during this refusal, by Tomcat's connection id. */
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    TomcatGoAway(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
            goAway();
        } else {
            told.clear();
        }
    }

    /** From the filter, while refusing: an HTTP/2 request on a connection not yet told. */
    void request(HttpServletRequest request) {
        if (told.add(request.getServletConnection().getConnectionId())) {
            goAway();
        }
    }

    private void goAway() {
        WebServer server = context instanceof WebServerApplicationContext web ? web.getWebServer() : null;
        if (!(server instanceof TomcatWebServer tomcat)) {
            return;
        }
        for (Service service : tomcat.getTomcat().getServer().findServices()) {
            for (Connector connector : service.findConnectors()) {
                try {
                    if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol && protocol.getHandler() != null) {
                        protocol.getHandler().pause();
                    }
                } catch (RuntimeException failure) { // never let a refusal fail: the drain delay goes on without it
                    log.warn("Could not send GOAWAY to the HTTP/2 connections of {}", connector, failure);
                }
            }
        }
    }
}
