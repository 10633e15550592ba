package dev.gracefulsignals.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.gracefulsignals.dispatch.Signals;
import dev.gracefulsignals.signal.Signal;

/**
 * A child JVM kept up by one non-daemon thread of its own (a web server's, say) that ends as soon as
 * the shutdown starts. TERM begins a sequence whose report observer is slow, so the JVM would end on
 * its own, with status 0, between the report line and the process exit unless the sequence keeps it
 * up until the exit.
 */
public final class ExitAfterReportChild {

    public static void main(String[] args) {
        ShutdownToken token = new ShutdownToken();
        CountDownLatch started = new CountDownLatch(1);
        Thread server = new Thread(() -> {
            try {
                started.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }, "server");
        server.start(); // non-daemon: the JVM lives while it does
        ShutdownObserver slowReport = new ShutdownObserver() {
            @Override
            public void started(ShutdownTrigger trigger) {
                started.countDown(); // the server's threads end with the shutdown
            }

            @Override
            public void finished(ShutdownReport report) {
                System.out.println("report written");
                try {
                    Thread.sleep(1_000); // a slow observer: the gap between the report and the exit, widened
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ShutdownCoordinator coordinator = new ShutdownCoordinator(Duration.ofSeconds(20), true, ProcessExit.jvm(), token,
                List.of(slowReport));
        Signals.subscribe(received -> coordinator.beginInBackground(ShutdownTrigger.signal(received),
                () -> coordinator.exitProcess(ShutdownTrigger.exitCodeFor(received.signal()))), Signal.TERM);
        System.out.println("ready");
    }
}
