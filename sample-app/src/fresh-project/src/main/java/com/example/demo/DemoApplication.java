// tag::demo-application[]
package com.example.demo;

import dev.gracefulsignals.shutdown.ShutdownHook;
import dev.gracefulsignals.spring.OnSignal;
import dev.gracefulsignals.spring.SignalEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class DemoApplication {

    private static final Logger log = LoggerFactory.getLogger(DemoApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }

    @OnSignal("USR1")
    void status(SignalEvent event) {
        log.info("USR1 from {} ({} since the last one)", event.getOrigin(), event.getCount());
    }

    @Bean
    ShutdownHook goodbye() {
        return () -> log.info("flushing what is left before the exit");
    }
}
// end::demo-application[]
