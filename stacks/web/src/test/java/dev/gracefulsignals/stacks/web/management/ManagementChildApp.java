package dev.gracefulsignals.stacks.web.management;

import dev.gracefulsignals.shutdown.ShutdownHook;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Tomcat app with the actuator on a port of its own ({@code management.server.port}), run as a child JVM by
 * {@link ManagementPortShutdownTest}. Its one hook sleeps {@code hook-ms}: a window in which the main server has
 * stopped and the context is not yet closed. Prints "port=N management-port=M" when ready.
 */
@SpringBootApplication
@RestController
public class ManagementChildApp {

    public static void main(String[] args) {
        SpringApplication.run(ManagementChildApp.class, args);
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        Environment environment = event.getApplicationContext().getEnvironment();
        System.out.println("port=" + environment.getProperty("local.server.port") + " management-port="
                + environment.getProperty("local.management.port"));
    }

    @GetMapping("/slow")
    String slow(@RequestParam long ms) throws InterruptedException {
        System.out.println("request-start");
        Thread.sleep(ms);
        System.out.println("request-end");
        return "done";
    }

    @GetMapping("/hello")
    String hello() {
        return "hello";
    }

    @Bean
    ShutdownHook slowHook(Environment environment) {
        long ms = environment.getProperty("hook-ms", Long.class, 0L);
        return () -> Thread.sleep(ms);
    }
}
