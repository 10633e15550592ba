package dev.gracefulsignals.autoconfigure.shutdown;

import org.apache.catalina.Container;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardWrapper;
import org.apache.catalina.startup.Tomcat;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;

/**
 * Tomcat's graceful drain without a thread of its own, for when Boot's cannot start its {@code tomcat-shutdown}
 * thread: the connectors pause and close their server sockets (new connections are refused, as Boot's drain
 * does), and the caller polls {@link #idle()} until no request is active. Loaded only when Tomcat is on the
 * class path.
 */
final class TomcatDrain {

    private final Tomcat tomcat;

    private TomcatDrain(Tomcat tomcat) {
        this.tomcat = tomcat;
    }

    static boolean appliesTo(WebServer server) {
        return server instanceof TomcatWebServer;
    }

    /** Stops accepting on every connector, on the calling thread. */
    static TomcatDrain start(WebServer server) {
        Tomcat tomcat = ((TomcatWebServer) server).getTomcat();
        for (Service service : tomcat.getServer().findServices()) {
            for (Connector connector : service.findConnectors()) {
                connector.pause();
                connector.getProtocolHandler().closeServerSocketGraceful();
            }
        }
        return new TomcatDrain(tomcat);
    }

    /** No request in flight: none holds a servlet, no asynchronous request is in progress. Returns at once. */
    boolean idle() {
        for (Container host : tomcat.getEngine().findChildren()) {
            for (Container context : host.findChildren()) {
                if (active(context)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean active(Container context) {
        if (context instanceof StandardContext standard && standard.getInProgressAsyncCount() > 0) {
            return true;
        }
        for (Container wrapper : context.findChildren()) {
            if (wrapper instanceof StandardWrapper servlet && servlet.getCountAllocated() > 0) {
                return true;
            }
        }
        return false;
    }
}
