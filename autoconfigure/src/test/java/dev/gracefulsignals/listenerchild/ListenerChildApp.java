package dev.gracefulsignals.listenerchild;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.spring.SignalEvent;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * A Boot app whose {@code @OnSignal("TERM")} method does work a {@link ShutdownHook} depends on, run as a child JVM
 * by {@link SignalListenersShutdownTest}. It records, in its own order, when the methods start and end, when
 * readiness changes and what the hook saw, and prints that order from the hook ({@code order=[...]}): the test asserts
 * the order the app saw, not log timing. Prints "ready" when started; "close" on stdin closes the context.
 * {@code --listener-ms} is how long the TERM method works (interruptibly); a second TERM method (order 1) and an
 * {@code async = true} one ({@code --async-ms}) come after it; a {@code SignalEvent} listener throws.
 */
@SpringBootApplication
public class ListenerChildApp {

    final List<String> order = new CopyOnWriteArrayList<>();

    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(ListenerChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        var context = application.run(args);
        System.out.println("ready");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (line.equals("close")) {
                context.close();
                System.out.println("closed");
            }
        }
        new CountDownLatch(1).await();
    }

    void record(String step) {
        order.add(step);
        System.out.println(step);
    }

    @Bean
    Deregistration deregistration(Environment environment) {
        return new Deregistration(this, environment.getProperty("listener-ms", Long.class, 3000L),
                environment.getProperty("async-ms", Long.class, 500L));
    }

    /** Stands for work done on TERM that the hooks rely on: leaving a registry, say. */
    public static final class Deregistration {

        private final ListenerChildApp app;
        private final long millis;
        private final long asyncMillis;
        volatile boolean done;

        Deregistration(ListenerChildApp app, long millis, long asyncMillis) {
            this.app = app;
            this.millis = millis;
            this.asyncMillis = asyncMillis;
        }

        @OnSignal("TERM")
        void deregister(SignalEvent event) {
            app.record("listener start on " + Thread.currentThread().getName());
            try {
                Thread.sleep(millis);
                done = true;
                app.record("listener end");
            } catch (InterruptedException interrupted) {
                app.record("listener interrupted");
            }
        }

        @OnSignal(value = "TERM", order = 1)
        void afterDeregister() {
            app.record("second listener ran");
        }

        @OnSignal(value = "TERM", async = true)
        void flushAsync() throws InterruptedException {
            Thread.sleep(asyncMillis);
            app.record("async listener end");
        }
    }

    @EventListener
    void onSignal(SignalEvent event) {
        record("signal event " + event.getSignal());
        throw new IllegalStateException("a failing SignalEvent listener, for the test");
    }

    @EventListener
    void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
        record("readiness " + event.getState());
    }

    @Bean
    ShutdownHook useRegistration(Deregistration deregistration) {
        return () -> {
            record("hook: deregistration " + (deregistration.done ? "finished" : "unfinished"));
            System.out.println("order=" + order);
        };
    }
}
