package dev.gracefulsignals.floodchild;

import java.util.concurrent.CountDownLatch;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.spring.OnSignal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Boot app with the starter, a slow asynchronous {@code @OnSignal("USR1")} method and HUP's default reload, in a
 * package of its own, run as a child JVM by {@link SignalFloodThroughExitTest}. Prints "ready" once started.
 */
@SpringBootApplication
public class FloodChildApp {

    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(FloodChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
        System.out.println("ready");
        new CountDownLatch(1).await();
    }

    @OnSignal(value = "USR1", async = true)
    void slowStatus() throws InterruptedException {
        Thread.sleep(20);
    }

    @Bean
    ShutdownHook flush() {
        return () -> System.out.println("hook flush");
    }
}
