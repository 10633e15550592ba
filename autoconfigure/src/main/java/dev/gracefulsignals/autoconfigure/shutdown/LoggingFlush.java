package dev.gracefulsignals.autoconfigure.shutdown;

import dev.gracefulsignals.shutdown.ShutdownObserver;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Before a halt or the native exit at the deadline, which run no JVM shutdown hook, stops the logging system
 * the way Boot's own shutdown hook would: Logback's and Log4j2's asynchronous appenders write out what they
 * queue (Logback's AsyncAppender waits up to its maxFlushTime, one second by default), so the stacks and the
 * report line reach the log. What is still queued when the exit guard ends the process is lost.
 */
final class LoggingFlush implements ShutdownObserver {

    private final @Nullable Runnable shutdownHandler;

    LoggingFlush(ClassLoader classLoader) {
        // Looked up at start-up: at the end there may be no class left to load in time.
        this.shutdownHandler = LoggingSystem.get(classLoader).getShutdownHandler();
    }

    @Override
    public void endingNow(int status) {
        System.out.flush();
        System.err.flush();
        if (shutdownHandler != null) {
            shutdownHandler.run();
        }
    }
}
