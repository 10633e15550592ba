package dev.gracefulsignals.observed;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.CountDownLatch;

import dev.gracefulsignals.autoconfigure.actuate.SignalsEndpoint;
import dev.gracefulsignals.shutdown.ShutdownHook;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Boot web app with the starter, actuator and the Prometheus registry, run as a child JVM by
 * {@link PrometheusScrapeTest} (outside the autoconfigure package, so ChildApp's scan does not see it).
 * Prints "port N" when started. Its shutdown hook prints what a scrape and the signals endpoint show
 * at that moment ("during ..." lines: the web server stopped taking requests at stop-intake, before
 * the hooks), then "hook waiting", and holds the sequence in the hooks phase until "release" arrives
 * on stdin, so the test can look at a shutdown in progress without timing.
 */
@SpringBootApplication
public class ObservedApp {

    static final CountDownLatch release = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        ConfigurableApplicationContext context = SpringApplication.run(ObservedApp.class, args);
        System.out.println("port " + context.getEnvironment().getProperty("local.server.port"));
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (line.equals("release")) {
                release.countDown();
            }
        }
        new CountDownLatch(1).await();
    }

    @Bean
    ShutdownHook waiting(PrometheusMeterRegistry registry, SignalsEndpoint endpoint) {
        return () -> {
            registry.scrape().lines().filter(line -> line.startsWith("shutdown_")).forEach(line -> System.out.println("during " + line));
            System.out.println("during endpoint " + endpoint.signals().shutdown());
            System.out.println("hook waiting");
            release.await();
        };
    }
}
