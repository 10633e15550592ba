package dev.gracefulsignals.autoconfigure;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

/** A console appender that takes 20 ms per event, as a slow log sink does: see logback-async-slow.xml. */
public class SlowConsoleAppender extends ConsoleAppender<ILoggingEvent> {

    @Override
    protected void append(ILoggingEvent event) {
        try {
            Thread.sleep(20);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        super.append(event);
    }
}
