/**
 * Web-stack parts of the shutdown: while the application refuses traffic but still serves, {@code Connection: close}
 * on HTTP/1.1 and a graceful GOAWAY on HTTP/2 (Tomcat, Reactor Netty), so clients open their next connection elsewhere.
 */
@NullMarked
package dev.gracefulsignals.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
