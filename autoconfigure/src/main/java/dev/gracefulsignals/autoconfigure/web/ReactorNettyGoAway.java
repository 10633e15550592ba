package dev.gracefulsignals.autoconfigure.web;

import java.lang.reflect.Field;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.ReflectionUtils;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServer;

/**
 * The HTTP/2 half of the keep-alive feature on Reactor Netty: while readiness is {@code REFUSING_TRAFFIC}, every HTTP/2
 * connection of the application's server gets a GOAWAY, once, as an HTTP/1.1 response gets {@code Connection: close}.
 *
 * <p>The GOAWAY is the graceful first step of RFC 9113, section 6.8: Netty's {@code Http2FrameCodec} writes it with
 * the last stream id the client created plus {@link Integer#MAX_VALUE} extra ids (capped at 2^31-1), so every stream
 * the client already sent, or sends before the frame reaches it, is still served; the client opens its next streams on
 * a new connection, which the server still accepts during the drain delay. The connection stays open: at stop-intake
 * Reactor Netty's {@code disposeNow} closes it, sending its own GOAWAY with the last stream it took and closing once
 * those streams are done, as it does without the starter.
 *
 * <p>When: when readiness turns {@code REFUSING_TRAFFIC}, to the connections then open (those in the server's channel
 * group: every connection that carried a stream); and for each request on an HTTP/2 connection while refusing, from
 * {@link ConnectionCloseWebFilter} (a connection opened during the drain delay). Boot keeps the channel group in a
 * private field of {@link NettyWebServer}, read here by reflection; where that fails (another Boot version) only the
 * per-request GOAWAY is sent, and the log says so once. Only the main context's server: a management server of its own
 * (a child context) keeps its connections. Loaded only when Reactor Netty is on the class path.
 */
final class ReactorNettyGoAway implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

    private static final Logger log = LoggerFactory.getLogger(ReactorNettyGoAway.class);
    private static final AttributeKey<Boolean> TOLD = AttributeKey.valueOf(ReactorNettyGoAway.class, "told");

    private final ApplicationContext context;

    ReactorNettyGoAway(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() != ReadinessState.REFUSING_TRAFFIC) {
            return;
        }
        WebServer server = context instanceof WebServerApplicationContext web ? web.getWebServer() : null;
        if (!(server instanceof NettyWebServer netty)) {
            return;
        }
        ChannelGroup connections = channelGroup(netty);
        if (connections != null) {
            for (Channel connection : connections) {
                goAway(connection);
            }
        }
    }

    private static @Nullable ChannelGroup channelGroup(NettyWebServer server) {
        try {
            Field field = ReflectionUtils.findField(NettyWebServer.class, "httpServer", HttpServer.class);
            if (field != null) {
                ReflectionUtils.makeAccessible(field);
                if (ReflectionUtils.getField(field, server) instanceof HttpServer http) {
                    return http.configuration().channelGroup();
                }
            }
        } catch (RuntimeException failure) {
            log.debug("Reading Reactor Netty's channel group failed", failure);
        }
        log.info("Reactor Netty's connections are out of reach: HTTP/2 connections get a GOAWAY only when they send a request");
        return null;
    }

    /**
     * Whether the request came on an HTTP/2 connection of Reactor Netty's; if so, that connection is told to go away.
     * Only Spring's types in the signature: the filter calls it without loading Netty's.
     */
    static boolean http2(ServerHttpRequest request) {
        Channel connection = http2Connection(request);
        if (connection == null) {
            return false;
        }
        goAway(connection);
        return true;
    }

    /** The request's HTTP/2 connection, or {@code null} for HTTP/1.1 or another server. */
    private static @Nullable Channel http2Connection(ServerHttpRequest request) {
        Object exchange;
        try {
            exchange = ServerHttpRequestDecorator.getNativeRequest(request);
        } catch (IllegalArgumentException notAServerRequest) {
            return null;
        }
        if (exchange instanceof Connection connection && connection.channel() instanceof Http2StreamChannel stream) {
            return stream.parent();
        }
        return null;
    }

    /**
     * Sends an HTTP/2 connection its GOAWAY, the first time only; any other channel is left alone. From any thread:
     * Netty writes on the connection's own event loop.
     */
    private static void goAway(Channel connection) {
        if (connection.pipeline().get(Http2FrameCodec.class) != null && connection.attr(TOLD).setIfAbsent(Boolean.TRUE) == null) {
            connection.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR).setExtraStreamIds(Integer.MAX_VALUE));
        }
    }
}
